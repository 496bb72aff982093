import { HttpException } from '@nestjs/common';
import { ApiError } from './api-error';

interface BodyParserError {
  type?: unknown;
  status?: unknown;
  code?: unknown;
  errno?: unknown;
}

// zlib's (Z_DATA_ERROR, Z_BUF_ERROR) and brotli's (ERR__ERROR_FORMAT_PADDING_1, ...) stream
// errors, which body-parser passes on untyped when Content-Encoding promised a compressed body.
const DECOMPRESSION_CODES = /^(Z_|ERR__ERROR_|ERR_BROTLI)/;
const isDecompressionError = (error: BodyParserError) =>
  typeof error.errno === 'number' &&
  typeof error.code === 'string' &&
  DECOMPRESSION_CODES.test(error.code);

/** The status body-parser gave an error (http-errors), when it is the client's (4xx). */
function clientStatus(error: BodyParserError): number | null {
  const status = error.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

const unreadable = () => new ApiError('bad_request', 'the request body could not be read');
const tooLarge = (bodyLimit: string) =>
  new ApiError('payload_too_large', `the request body is larger than ${bodyLimit}`);
const unsupported = () =>
  new ApiError(
    'unsupported_media_type',
    'send the body as UTF-8 JSON, uncompressed or with Content-Encoding gzip, deflate or br',
  );

function toApiError(error: BodyParserError, bodyLimit: string) {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ApiError('malformed_json', 'the request body is not valid JSON');
    case 'entity.too.large':
      return tooLarge(bodyLimit);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return unsupported();
    case 'request.aborted':
    case 'request.size.invalid':
    case 'parameters.too.many':
      return unreadable();
  }
  if (isDecompressionError(error))
    return new ApiError(
      'bad_request',
      'the request body could not be decompressed: it is not what its Content-Encoding says',
    );
  // Anything else the parsers refused with a 4xx is still the client's mistake, never a 500.
  const status = clientStatus(error);
  if (status === null) return null;
  return status === 413 ? tooLarge(bodyLimit) : status === 415 ? unsupported() : unreadable();
}

/**
 * Express error middleware placed right after the body parsers: their errors become ApiErrors,
 * so Nest's exception filter answers them in the one error shape (malformed JSON or a body
 * that is not compressed as its Content-Encoding says are the client's mistakes, 400, never a
 * 500).
 */
export function bodyParserErrors(bodyLimit: string) {
  return (error: unknown, _req: unknown, _res: unknown, next: (error: unknown) => void) => {
    // Errors of earlier middleware (e.g. a 414) are already meant for the client.
    const fromParser =
      typeof error === 'object' && error !== null && !(error instanceof HttpException);
    const mapped = fromParser ? toApiError(error as BodyParserError, bodyLimit) : null;
    next(mapped ?? error);
  };
}
