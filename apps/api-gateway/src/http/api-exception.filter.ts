import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { type ErrorBody, type FieldError, toFieldErrors } from '@platform/api-schemas';
import { FieldLogger } from '@platform/service-kit';
import { z } from 'zod';
import { ApiError } from './api-error';
import { bodyErrorToApiError } from './body-errors';
import { requestPath } from './client-ip';
import { codeForStatus } from './error-codes';
import type { GatewayRequest } from './gateway-request';
import { postgresDataError } from './postgres-data-error';
import { assignRequestId } from './request-id';

interface Answer {
  body: ErrorBody;
  headers: Record<string, string>;
}

const errorBody = (
  statusCode: number,
  code: string,
  message: string,
  correlationId: string | undefined,
  errors?: FieldError[],
): ErrorBody => ({ statusCode, code, message, ...(errors && { errors }), correlationId });

/**
 * Every error leaves the gateway in one shape. What the client sees is only what was meant for
 * it (ApiErrors, Nest's 4xx); a value Postgres refused is the client's too (400, a warning in
 * the log: a schema let it through); anything else is a generic 500 whose correlation id is in
 * the log line with the stack, so support can find it and the client learns nothing internal.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new FieldLogger('http');
  private readonly rpcFilter = new BaseRpcExceptionFilter();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost) {
    // The hybrid app shares its filters with the transport listener.
    if (host.getType() !== 'http') return this.rpcFilter.catch(exception, host);
    const request = host.switchToHttp().getRequest<GatewayRequest>();
    const response = host.switchToHttp().getResponse();
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.isHeadersSent(response)) return adapter.end(response);
    // refused before the gateway's first hook ran (Fastify's routing): it gets an id here
    if (!request.requestId) assignRequestId(request, response);
    const { body, headers } = this.answer(exception, request);
    for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
    adapter.reply(response, body, body.statusCode);
  }

  /** Fastify's body limit in bytes (from BODY_LIMIT), for a 413's message. */
  private bodyLimit(): number {
    const server = this.adapterHost.httpAdapter.getInstance<{
      initialConfig: { bodyLimit: number };
    }>();
    return server.initialConfig.bodyLimit;
  }

  private answer(thrown: unknown, request: GatewayRequest): Answer {
    const id = request.requestId;
    // A body Fastify could not read (too large, not what Content-Encoding says) is the client's.
    const exception = bodyErrorToApiError(thrown, () => this.bodyLimit()) ?? thrown;
    if (exception instanceof ApiError) {
      const { code, message, fieldErrors, headers } = exception;
      return { body: errorBody(exception.getStatus(), code, message, id, fieldErrors), headers };
    }
    if (exception instanceof z.ZodError) {
      const errors = toFieldErrors(exception, 'body');
      return {
        body: errorBody(400, 'validation_failed', 'the request is invalid', id, errors),
        headers: {},
      };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      return { body: errorBody(status, codeForStatus(status), exception.message, id), headers: {} };
    }
    const dataError = postgresDataError(exception);
    if (dataError) {
      // Only the SQLSTATE: the query and its parameters may hold secrets.
      this.logger.warn(
        `Postgres refused a value (SQLSTATE ${dataError}), correlationId ${id}, ${request.method} ${requestPath(request)}`,
        { req: id, user: request.auth?.userId },
      );
      const message =
        'a value in the request cannot be stored (a control character, or out of range)';
      return { body: errorBody(400, 'bad_request', message, id), headers: {} };
    }
    const stack = exception instanceof Error ? exception.stack : String(exception);
    this.logger.error(
      `internal error, correlationId ${id}, ${request.method} ${requestPath(request)}`,
      { req: id, user: request.auth?.userId, stack },
    );
    const message = 'something went wrong on our side; quote the correlationId when reporting it';
    return { body: errorBody(500, 'internal', message, id), headers: {} };
  }
}
