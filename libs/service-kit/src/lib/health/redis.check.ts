import { createRedis, type RedisClient } from '@platform/redis';
import type { ReadinessCheck } from './readiness-check';

/**
 * Pings Redis on a connection of its own. A `failFast` connection: while Redis is down, a ping
 * fails at once instead of waiting for a reconnect; the connection keeps reconnecting in the
 * background, so the check turns green again by itself.
 */
export class RedisCheck implements ReadinessCheck {
  readonly name = 'redis';
  private readonly client: RedisClient;
  private lastError = '';

  constructor(redisUrl: string) {
    this.client = createRedis(redisUrl, 'failFast');
    this.client.on('error', (error: Error) => {
      this.lastError = error.message;
    });
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
