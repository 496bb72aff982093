import Redis, { type RedisOptions } from 'ioredis';
import { redisOptionsFromUrl } from './redis-url';
import { sentinelClientOptions } from './sentinel-client';

/** A Redis connection. Made by `createRedis` only (lint: ioredis belongs to this lib). */
export type RedisClient = Redis;

/**
 * How long every connection waits before its next reconnect attempt (and the Nest transport
 * too): a short fixed delay, forever, with no backoff. A lease lives a few seconds (1.5 s in the
 * chaos preset) and is renewed every third of that, so after a Redis restart a worker must be
 * back within a fraction of a TTL or it loses every bot it runs; an attempt against a Redis
 * that is down is a refused connection, cheap enough four times a second.
 */
export const RECONNECT_DELAY_MS = 250;

/**
 * What a connection is for decides what a command does while Redis is away. Every purpose
 * reconnects forever (`RECONNECT_DELAY_MS`); they differ only in how long a caller may wait.
 */
export type RedisPurpose = 'command' | 'request' | 'failFast' | 'subscriber';

const PURPOSES: Record<RedisPurpose, RedisOptions> = {
  // Stores (snapshots, budgets, balances, live events): a command waits in the offline queue
  // for the reconnect and is retried once after a dropped connection, then fails.
  command: { maxRetriesPerRequest: 1 },
  // An HTTP request is waiting (the gateway): as `command`, but a command that gets no answer
  // within 2 s fails (the request becomes a 503 instead of hanging), and concurrent requests'
  // commands leave in one write.
  request: { maxRetriesPerRequest: 1, commandTimeout: 2000, enableAutoPipelining: true },
  // The caller has a deadline of its own (a lease's validity, a registry entry's TTL, a
  // readiness probe): no offline queue, so while Redis is away a command fails at once and the
  // caller decides (a lease master that is down votes "against" at once). Thousands of lease
  // renewals a second: the commands of one tick leave in one write.
  failFast: {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    enableAutoPipelining: true,
  },
  // Pub/sub listeners: ioredis subscribes again by itself after each reconnect; a subscribe
  // issued while Redis is away keeps ioredis' default patience (20 reconnect attempts).
  subscriber: {},
};

export interface CreateRedisOptions {
  /** Connect on the first command instead of now (a connection most processes never use). */
  lazyConnect?: boolean;
}

/**
 * ioredis options for `redisUrl` (a server or a Sentinel group) as every client of the platform
 * connects: createRedis, the Nest transport, BullMQ. Purpose and retry settings are each one's.
 */
export const redisConnectionOptions = (redisUrl: string): RedisOptions =>
  sentinelClientOptions(redisOptionsFromUrl(redisUrl), RECONNECT_DELAY_MS);

/** A connection to `redisUrl` with the settings of its purpose (above). */
export function createRedis(
  redisUrl: string,
  purpose: RedisPurpose,
  { lazyConnect = false }: CreateRedisOptions = {},
): RedisClient {
  const client = new Redis({
    ...redisConnectionOptions(redisUrl),
    ...PURPOSES[purpose],
    lazyConnect,
    retryStrategy: () => RECONNECT_DELAY_MS,
  });
  // Reconnecting is the client's job and a failed command reaches its caller; the 'error'
  // events only repeat that (and without a listener ioredis prints every one of them).
  client.on('error', () => undefined);
  return client;
}

/** Closes politely (pending commands answered first), or at once when Redis is away. */
export async function closeRedis(client: RedisClient): Promise<void> {
  await client.quit().catch(() => client.disconnect());
}
