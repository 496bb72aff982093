import Redis from 'ioredis';
import { redisOptionsFromUrl } from '../redis/redis-url';
import type { ReadinessCheck } from './readiness-check';

/**
 * Pings Redis on a connection of its own. The offline queue is off so that, while Redis is
 * down, a ping fails at once instead of waiting for a reconnect; ioredis keeps reconnecting
 * in the background, so the check turns green again by itself.
 */
export class RedisCheck implements ReadinessCheck {
  readonly name = 'redis';
  private readonly client: Redis;
  private lastError = '';

  constructor(redisUrl: string) {
    this.client = new Redis({
      ...redisOptionsFromUrl(redisUrl),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      retryStrategy: () => 500,
    });
    this.client.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    this.client.connect().catch(() => undefined);
  }

  async check() {
    if (this.client.status !== 'ready') {
      throw new Error(
        `not connected (${this.client.status}${this.lastError ? `: ${this.lastError}` : ''})`,
      );
    }
    await this.client.ping();
  }

  async close() {
    this.client.disconnect();
  }
}
