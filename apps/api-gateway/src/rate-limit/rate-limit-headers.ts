import type { GatewayResponse } from '../http/gateway-request';
import type { WindowCount } from './request-gate';

export const remaining = (window: WindowCount) => Math.max(0, window.limit - window.count);
export const exceeded = (window: WindowCount) => window.count > window.limit;
export const resetSeconds = (window: WindowCount) => Math.max(1, Math.ceil(window.resetMs / 1000));

/**
 * The limit closest to running out, as the IETF RateLimit-* headers (reset in seconds); named in
 * lower case, as Fastify sends every header name.
 */
export function setRateLimitHeaders(response: GatewayResponse, windows: WindowCount[]): void {
  const tightest = windows.reduce((a, b) => (remaining(b) < remaining(a) ? b : a));
  response.header('ratelimit-limit', String(tightest.limit));
  response.header('ratelimit-remaining', String(remaining(tightest)));
  response.header('ratelimit-reset', String(resetSeconds(tightest)));
}
