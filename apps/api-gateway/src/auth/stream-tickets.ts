import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@platform/redis';
import type { Principal } from '../http/gateway-request';
import { sessionKey, streamTicketKey } from '../redis/gateway-keys';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';
import { RedisScript } from '../redis/redis-script';
import { hashSessionToken, newSessionToken } from './session-token';

export const STREAM_TICKET_TTL_SECONDS = 60;
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

// Takes the ticket (GETDEL: single use, even with two replicas racing for it) and admits it
// only while the session it was issued from still exists: a logout also voids its tickets.
const CONSUME = new RedisScript<string | null>(`
local ticket = redis.call('GETDEL', KEYS[1])
if not ticket then return false end
if redis.call('EXISTS', ARGV[1] .. cjson.decode(ticket).sessionId) == 0 then return false end
return ticket`);

/**
 * Short-lived, single-use tickets that open a live stream: a browser's EventSource cannot send
 * an Authorization header, and a session token in a URL would end up in proxy logs. A ticket
 * there is harmless: it opens one stream, within a minute, and only its hash is stored.
 */
@Injectable()
export class StreamTickets {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: RedisClient) {}

  async issue(principal: Principal): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = newSessionToken();
    await this.redis.set(
      streamTicketKey(hashSessionToken(ticket)),
      JSON.stringify(principal),
      'EX',
      STREAM_TICKET_TTL_SECONDS,
    );
    return { ticket, expiresAt: new Date(Date.now() + STREAM_TICKET_TTL_SECONDS * 1000) };
  }

  /** The principal the ticket was issued to, once; null when unknown, used or expired. */
  async consume(ticket: string): Promise<Principal | null> {
    if (!TICKET_FORMAT.test(ticket)) return null;
    const stored = await CONSUME.run(
      this.redis,
      [streamTicketKey(hashSessionToken(ticket))],
      [sessionKey('')],
    );
    return stored ? (JSON.parse(stored) as Principal) : null;
  }
}
