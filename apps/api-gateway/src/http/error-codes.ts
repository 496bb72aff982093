/** Machine-readable `code` of every error body, with the HTTP status it goes with. */
export const ErrorStatus = {
  validation_failed: 400,
  malformed_json: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** 403: a limit of the plan (running bots, stored bots, exchange accounts) is reached. */
  plan_limit: 403,
  /** 403: an operator disabled the account (sign-in, starts, creates and adds are refused). */
  account_disabled: 403,
  /** 409: a live bot's exchange account has not passed a signed call yet. */
  account_not_verified: 409,
  /** 409: another live bot runs on the same exchange account and symbol (allowSharedAccount). */
  account_in_use: 409,
  /** 429: too many open live streams for one user on one gateway. */
  too_many_streams: 429,
  /** 408: the request's head did not arrive in time. */
  request_timeout: 408,
  payload_too_large: 413,
  /** 414: a URL longer than the gateway reads (MAX_URL_LENGTH). */
  uri_too_long: 414,
  unsupported_media_type: 415,
  exchange_authentication: 422,
  rate_limited: 429,
  /** 431: request headers larger than the server reads (MAX_HEAD_BYTES). */
  headers_too_large: 431,
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
      codeStatus === status &&
      ![
        'malformed_json',
        'exchange_rate_limited',
        'plan_limit',
        'account_disabled',
        'account_not_verified',
        'too_many_streams',
      ].includes(code),
  );
  return known ? known[0] : status >= 500 ? 'internal' : 'bad_request';
}
