import { Inject, Injectable } from '@nestjs/common';
import type { UserRole } from '@platform/persistence';
import type { RedisClient } from '@platform/redis';
import {
  BOTS_VERSION_KEY_PREFIX,
  DISABLED_USER_KEY_PREFIX,
  ipRequestsKey,
  sessionKey,
  USER_REQUESTS_KEY_PREFIX,
} from '../redis/gateway-keys';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';
import { RedisScript } from '../redis/redis-script';

export const RATE_LIMITS = Symbol('RATE_LIMITS');

export interface RateLimits {
  perIpPerMinute: number;
  perUserPerMinute: number;
}

/** One counter after this request: `count` requests in a window that ends in `resetMs`. */
export interface WindowCount {
  count: number;
  limit: number;
  resetMs: number;
}

export interface Admission {
  session: { userId: string; role: UserRole } | null;
  ip: WindowCount;
  user: WindowCount | null;
  /** The user's bots version ('' when none was written yet), null without a session. */
  botsVersion: string | null;
}

const WINDOW_MS = 60_000;

/** Requests admitted by one script call at most (it runs atomically: others wait for it). */
const MAX_BATCH = 256;
/** What the script answers per request. */
const REPLY_FIELDS = 6;

// One script call for the requests that arrived in the same turn of the event loop (each
// counted as if alone; one Redis command instead of one per request). Per request: count the
// client address, look the session up and, when there is one, count its user and read their
// bots version (what the GET /bots cache is keyed by: see bots/bot-list-cache.ts). Fixed
// windows that start at a counter's first request; the window is a Redis TTL, so replicas never
// compare clocks. A session of a user an admin disabled counts as none (a 401), should one
// have outlived the disable. KEYS: the client address's counter and the session's key (''
// without one), per request. (The user key is derived inside the script, like the version and
// disabled keys: fine on one Redis, they would need a hash tag on Redis Cluster.)
const ADMIT = new RedisScript<(number | string)[]>(`
local function hit(key, windowMs)
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, windowMs)
    ttl = windowMs
  end
  return count, ttl
end
local windowMs = tonumber(ARGV[1])
local reply = {}
for i = 1, #KEYS, 2 do
  local ipCount, ipTtl = hit(KEYS[i], windowMs)
  local session = false
  local userCount, userTtl = -1, 0
  local version = ''
  if KEYS[i + 1] ~= '' then
    session = redis.call('GET', KEYS[i + 1])
    local userId = session and cjson.decode(session).userId
    if userId and redis.call('EXISTS', ARGV[4] .. userId) == 1 then session = false end
    if session then
      userCount, userTtl = hit(ARGV[2] .. userId, windowMs)
      version = redis.call('GET', ARGV[3] .. userId) or ''
    end
  end
  local n = #reply
  reply[n + 1] = ipCount
  reply[n + 2] = ipTtl
  reply[n + 3] = session or ''
  reply[n + 4] = userCount
  reply[n + 5] = userTtl
  reply[n + 6] = version
end
return reply`);

interface Waiting {
  ip: string;
  tokenHash: string | null;
  resolve: (admission: Admission) => void;
  reject: (error: unknown) => void;
}

/** Counts a request against the per-IP and per-user limits and resolves its session. */
@Injectable()
export class RequestGate {
  /** Requests of this turn of the event loop, admitted together once it ends. */
  private waiting: Waiting[] = [];

  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: RedisClient,
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
  ) {}

  admit(ip: string, tokenHash: string | null): Promise<Admission> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ip, tokenHash, resolve, reject });
      // after every request read in this turn (setImmediate runs once the I/O callbacks ran)
      if (this.waiting.length === 1) setImmediate(() => this.admitWaiting());
    });
  }

  private admitWaiting(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (let i = 0; i < waiting.length; i += MAX_BATCH)
      void this.admitBatch(waiting.slice(i, i + MAX_BATCH));
  }

  private async admitBatch(batch: Waiting[]): Promise<void> {
    let reply: (number | string)[];
    try {
      reply = await ADMIT.run(
        this.redis,
        batch.flatMap(({ ip, tokenHash }) => [
          ipRequestsKey(ip),
          tokenHash ? sessionKey(tokenHash) : '',
        ]),
        [WINDOW_MS, USER_REQUESTS_KEY_PREFIX, BOTS_VERSION_KEY_PREFIX, DISABLED_USER_KEY_PREFIX],
      );
    } catch (error) {
      for (const request of batch) request.reject(error);
      return;
    }
    batch.forEach((request, i) =>
      request.resolve(this.admission(reply.slice(i * REPLY_FIELDS, (i + 1) * REPLY_FIELDS))),
    );
  }

  private admission(fields: (number | string)[]): Admission {
    const [ipCount, ipTtl, session, userCount, userTtl, botsVersion] = fields as [
      number,
      number,
      string,
      number,
      number,
      string,
    ];
    return {
      session: session ? (JSON.parse(session) as Admission['session']) : null,
      ip: { count: ipCount, limit: this.limits.perIpPerMinute, resetMs: ipTtl },
      user: session
        ? { count: userCount, limit: this.limits.perUserPerMinute, resetMs: userTtl }
        : null,
      botsVersion: session ? botsVersion : null,
    };
  }
}
