import { Injectable, Logger } from '@nestjs/common';
import { bearerToken, hashSessionToken } from '../auth/session-token';
import { isDashboardPath } from '../dashboard/dashboard-target';
import { ApiError } from '../http/api-error';
import { clientIp, requestPath } from '../http/client-ip';
import type { GatewayRequest, GatewayResponse } from '../http/gateway-request';
import { exceeded, resetSeconds, setRateLimitHeaders } from './rate-limit-headers';
import { type Admission, RequestGate } from './request-gate';

// Load balancers probe these constantly; they must answer even when a client is throttled.
// So does Prometheus (/metrics has its own token). The dashboard's files are static and
// cached; its page loads must not eat the API's allowance.
const isExempt = (path: string) =>
  path.startsWith('/health/') || path === '/metrics' || isDashboardPath(path);

/**
 * Runs before every route (and unknown paths), once the body is read: counts the request per
 * client address and per user, answers 429 past a limit, and attaches the caller's session for
 * the auth guard. (A Fastify preHandler hook: configureHttp adds it.)
 */
@Injectable()
export class RequestGateHook {
  private readonly logger = new Logger('request-gate');

  constructor(private readonly gate: RequestGate) {}

  async admit(request: GatewayRequest, response: GatewayResponse): Promise<void> {
    if (isExempt(requestPath(request))) return;
    const header = request.headers.authorization;
    request.presentedToken = header !== undefined;
    const token = bearerToken(header);
    const sessionId = token ? hashSessionToken(token) : null;
    const admission = await this.admitted(clientIp(request), sessionId);
    const windows = admission.user ? [admission.ip, admission.user] : [admission.ip];
    setRateLimitHeaders(response, windows);
    const over = windows.filter(exceeded);
    if (over.length > 0) {
      const who = over.includes(admission.ip) ? 'from this address' : 'for this account';
      throw ApiError.rateLimited(
        `too many requests ${who}; slow down`,
        Math.max(...over.map(resetSeconds)),
      );
    }
    if (admission.session && sessionId) {
      request.auth = { ...admission.session, sessionId };
      request.botsVersion = admission.botsVersion;
    }
  }

  private async admitted(ip: string, sessionId: string | null): Promise<Admission> {
    try {
      return await this.gate.admit(ip, sessionId);
    } catch (error) {
      this.logger.warn(`Redis did not answer: ${error instanceof Error ? error.message : error}`);
      throw ApiError.unavailable('sessions are unavailable right now; try again shortly');
    }
  }
}
