import { DASHBOARD_PATH } from '../dashboard/dashboard-target';
import type { GatewayRequest, GatewayResponse } from './gateway-request';

// What helmet 8's defaults send (the gateway used helmet on Express), as fixed headers computed
// once: no per-request work beyond setting them.
// No upgrade-insecure-requests: on a notebook the gateway speaks plain HTTP, and browsers
// would rewrite same-origin links (the /docs page's) to https.
/** Directives both policies share. */
const BASE_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' https: data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
];

const API_POLICY = [...BASE_POLICY, "style-src 'self' https: 'unsafe-inline'"].join(';');

// The dashboard's pages load only their own files, with no inline script or style, and talk
// to the API on the same origin.
const DASHBOARD_POLICY = [...BASE_POLICY, "style-src 'self'", "connect-src 'self'"].join(';');

const COMMON: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};

// Names in lower case: Fastify lower-cases every name it is given (and sends them so), which
// costs a new string per header and request unless the name is lower case already.
const lowerCaseNames = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

export const API_SECURITY_HEADERS = lowerCaseNames({
  'Content-Security-Policy': API_POLICY,
  ...COMMON,
});
export const DASHBOARD_SECURITY_HEADERS = lowerCaseNames({
  'Content-Security-Policy': DASHBOARD_POLICY,
  ...COMMON,
});

/** `/app` and below, in any case (as the router matches them). */
function underDashboard(url: string): boolean {
  const prefix = url.slice(0, DASHBOARD_PATH.length + 1).toLowerCase();
  return (
    prefix === DASHBOARD_PATH || prefix === `${DASHBOARD_PATH}/` || prefix === `${DASHBOARD_PATH}?`
  );
}

/** The API's headers, or the dashboard's stricter CSP under /app. */
export function setSecurityHeaders(request: GatewayRequest, reply: GatewayResponse): void {
  reply.headers(underDashboard(request.url) ? DASHBOARD_SECURITY_HEADERS : API_SECURITY_HEADERS);
}
