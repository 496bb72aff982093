import { HttpException } from '@nestjs/common';
import type { FieldError } from '@platform/api-schemas';
import { type ErrorCode, ErrorStatus } from './error-codes';

/**
 * An error the client may see as it is: a code, a message written for people, field errors,
 * and headers (Retry-After, WWW-Authenticate). Anything else becomes a generic 500.
 */
export class ApiError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message, ErrorStatus[code]);
  }

  static validation(errors: FieldError[], message = 'the request is invalid'): ApiError {
    return new ApiError('validation_failed', message, errors);
  }

  static unauthenticated(message = 'sign in first: send Authorization: Bearer <token>') {
    return new ApiError('unauthenticated', message, undefined, { 'WWW-Authenticate': 'Bearer' });
  }

  static forbidden(message = 'you may not do this') {
    return new ApiError('forbidden', message);
  }

  static notFound(what: string) {
    return new ApiError('not_found', `${what} not found`);
  }

  static conflict(message: string) {
    return new ApiError('conflict', message);
  }

  static rateLimited(message: string, retryAfterSeconds: number) {
    return new ApiError('rate_limited', message, undefined, {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    });
  }

  static unavailable(message: string) {
    return new ApiError('service_unavailable', message);
  }
}
