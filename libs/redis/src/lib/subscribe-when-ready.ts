import type { RedisClient } from './create-redis';

/** What a listener hears: plain channels and glob patterns. */
export interface Subscriptions {
  channels?: readonly string[];
  patterns?: readonly string[];
}

/**
 * Subscribes a 'subscriber' connection once it is ready, connecting it first if it was made
 * lazily. Every subscription goes through here, never through `client.subscribe` directly:
 * ioredis (5.8.2 and later, redis/ioredis#2037) writes a SUBSCRIBE asked for during its
 * handshake at once, so the handshake's own INFO then fails in subscriber mode, the client
 * reconnects, and, its connection never having been ready, forgets the subscription. The
 * listener then hears nothing, ever, without an error anywhere (a bot-worker whose bots saw
 * one price and then only stale data, on a loaded machine). Subscribed while ready, ioredis
 * subscribes again by itself after each reconnect.
 *
 * Waits for Redis as long as it takes, or rejects after `timeoutMs` when given.
 */
export async function subscribeWhenReady(
  client: RedisClient,
  { channels = [], patterns = [] }: Subscriptions,
  timeoutMs?: number,
): Promise<void> {
  await whenReady(client, timeoutMs);
  // the continuation runs in the same turn as the 'ready' event: still ready here
  await Promise.all([
    channels.length > 0 ? client.subscribe(...channels) : undefined,
    patterns.length > 0 ? client.psubscribe(...patterns) : undefined,
  ]);
}

function whenReady(client: RedisClient, timeoutMs?: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
    if (timeoutMs !== undefined)
      timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(new Error(`Redis was not ready within ${timeoutMs} ms to subscribe`));
      }, timeoutMs);
    // a lazy connection: connect now; a failed attempt is retried by the client itself
    if (client.status === 'wait') client.connect().catch(() => undefined);
  });
}
