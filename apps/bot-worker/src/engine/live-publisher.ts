import { type LiveEvent, liveChannel } from '@platform/contracts';
import Redis from 'ioredis';

/**
 * Tells the dashboard what happened to a user's bots: one Redis PUBLISH per event, relayed by
 * every gateway replica to that user's live streams. At most once, never awaited by trading:
 * a lost event costs a stale screen, never an order.
 */
export class LivePublisher {
  private readonly redis: Redis;

  constructor(redisUrl: string) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => 500 });
    this.redis.on('error', () => undefined);
  }

  publish(userId: string, event: LiveEvent): void {
    this.redis.publish(liveChannel(userId), JSON.stringify(event)).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
