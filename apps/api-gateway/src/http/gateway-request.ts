import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserRole } from '@platform/persistence';

/** Who sent the request, resolved from its session token. */
export interface Principal {
  userId: string;
  role: UserRole;
  /** SHA-256 of the session token: what logout revokes. */
  sessionId: string;
}

/**
 * The parts of Express's request the gateway reads (the app has no @types/express), plus what
 * its own middleware attaches.
 */
export interface GatewayRequest extends IncomingMessage {
  method: string;
  /** The URL as received (middleware mounted on a path sees a shortened `url`). */
  originalUrl?: string;
  /** Client address, after `trust proxy`. */
  ip?: string;
  /** From X-Request-Id when sane, else generated; the correlation id of errors. */
  requestId?: string;
  /** Set by the request gate when a valid session token came with the request. */
  auth?: Principal;
  /** The caller's bots version, read by the request gate with the session (GET /bots cache). */
  botsVersion?: string;
  /** Whether an Authorization header was sent at all (for a precise 401 message). */
  presentedToken?: boolean;
}

export type GatewayResponse = ServerResponse;
