import { HttpException } from '@nestjs/common';
import { ApiError } from './api-error';

interface ReadError {
  code?: unknown;
  errno?: unknown;
  statusCode?: unknown;
}

// zlib's (Z_DATA_ERROR, Z_BUF_ERROR) and brotli's (ERR__ERROR_FORMAT_PADDING_1, ...) stream
// errors, raised while a body Content-Encoding promised compressed is read.
const DECOMPRESSION_CODES = /^(Z_|ERR__ERROR_|ERR_BROTLI)/;
const isDecompressionError = (error: ReadError) =>
  typeof error.errno === 'number' &&
  typeof error.code === 'string' &&
  DECOMPRESSION_CODES.test(error.code);

export const unreadableBody = () =>
  new ApiError('bad_request', 'the request body could not be read');
/** 2048 -> `2kb`: a limit as BODY_LIMIT writes it. */
export function formatBodyLimit(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}mb`;
  if (bytes % 1024 === 0) return `${bytes / 1024}kb`;
  return `${bytes}b`;
}

export const bodyTooLarge = (bodyLimitBytes: number) =>
  new ApiError(
    'payload_too_large',
    `the request body is larger than ${formatBodyLimit(bodyLimitBytes)}`,
  );
export const unsupportedBody = () =>
  new ApiError(
    'unsupported_media_type',
    'send the body as UTF-8 JSON, uncompressed or with Content-Encoding gzip, deflate or br',
  );

/** The 4xx status of an error Fastify raised (Nest hands them on as plain HttpExceptions). */
function fastifyStatus(error: object): number | null {
  if (error instanceof ApiError) return null;
  if (error instanceof HttpException) return error.getStatus();
  const { code, statusCode } = error as ReadError;
  return typeof code === 'string' && code.startsWith('FST_') && typeof statusCode === 'number'
    ? statusCode
    : null;
}

/**
 * What went wrong reading a request body, as the client's ApiError: a body over the limit
 * (413, naming the limit), of a type or charset not read (415), not compressed as its
 * Content-Encoding says (400, never a 500). null: not such an error, the filter decides.
 */
export function bodyErrorToApiError(error: unknown, bodyLimitBytes: () => number): ApiError | null {
  if (typeof error !== 'object' || error === null) return null;
  if (isDecompressionError(error as ReadError))
    return new ApiError(
      'bad_request',
      'the request body could not be decompressed: it is not what its Content-Encoding says',
    );
  const status = fastifyStatus(error);
  if (status === 413) return bodyTooLarge(bodyLimitBytes());
  if (status === 415) return unsupportedBody();
  return null;
}
