import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRole } from '@platform/persistence';

/** Who sent the request, resolved from its session token. */
export interface Principal {
  userId: string;
  role: UserRole;
  /** SHA-256 of the session token: what logout revokes. */
  sessionId: string;
}

/** What the gateway's own hooks attach to a request (declared on Fastify's request up front). */
export interface GatewayRequestState {
  /** From X-Request-Id when sane, else generated; the correlation id of errors. */
  requestId: string;
  /** Set by the request gate when a valid session token came with the request. */
  auth: Principal | null;
  /** The caller's bots version, read by the request gate with the session (GET /bots cache). */
  botsVersion: string | null;
  /** Whether an Authorization header was sent at all (for a precise 401 message). */
  presentedToken: boolean;
}

/**
 * Fastify's request (client address after `trustProxy` in `ip`, the URL as received in
 * `originalUrl`) with the gateway's state.
 */
export type GatewayRequest = FastifyRequest & GatewayRequestState;

export type GatewayResponse = FastifyReply;

/** The initial values of the state, which `configureHttp` declares on every request. */
export const initialRequestState: GatewayRequestState = {
  requestId: '',
  auth: null,
  botsVersion: null,
  presentedToken: false,
};
