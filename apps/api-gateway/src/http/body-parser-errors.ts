import { ApiError } from './api-error';

interface BodyParserError {
  type?: unknown;
}

/**
 * Express error middleware placed right after the body parsers: their errors become ApiErrors,
 * so Nest's exception filter answers them in the one error shape (malformed JSON is the
 * client's mistake, 400, never a 500).
 */
export function bodyParserErrors(bodyLimit: string) {
  return (error: unknown, _req: unknown, _res: unknown, next: (error: unknown) => void) => {
    const type = (error as BodyParserError | null)?.type;
    switch (type) {
      case 'entity.parse.failed':
        return next(new ApiError('malformed_json', 'the request body is not valid JSON'));
      case 'entity.too.large':
        return next(
          new ApiError('payload_too_large', `the request body is larger than ${bodyLimit}`),
        );
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return next(
          new ApiError('unsupported_media_type', 'send the body as UTF-8 JSON, uncompressed'),
        );
      case 'request.aborted':
      case 'request.size.invalid':
      case 'parameters.too.many':
        return next(new ApiError('bad_request', 'the request body could not be read'));
      default:
        return next(error);
    }
  };
}
