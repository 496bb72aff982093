/** Machine-readable `code` of every error body, with the HTTP status it goes with. */
export const ErrorStatus = {
  validation_failed: 400,
  malformed_json: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  exchange_authentication: 422,
  rate_limited: 429,
  exchange_rate_limited: 429,
  internal: 500,
  exchange_error: 502,
  not_configured: 503,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ErrorStatus;

/** For HttpExceptions thrown without a code (Nest's own, e.g. an unknown route). */
export function codeForStatus(status: number): string {
  const known = Object.entries(ErrorStatus).find(
    ([code, codeStatus]) =>
      codeStatus === status && !['malformed_json', 'exchange_rate_limited'].includes(code),
  );
  return known ? known[0] : status >= 500 ? 'internal' : 'bad_request';
}
