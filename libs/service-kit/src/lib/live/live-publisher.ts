import { Logger } from '@nestjs/common';
import { type LiveEvent, liveChannel, messageOf } from '@platform/contracts';
import { closeRedis, createRedis, type RedisClient } from '@platform/redis';

/**
 * Tells the dashboard what happened to a user's bots: one Redis PUBLISH on the user's channel
 * (libs/contracts `liveChannel`), relayed by every gateway replica (the publishing one too) to
 * that user's live streams. Bot-workers and gateways publish through this one class.
 *
 * At most once and never awaited: the change is already in Postgres, which a reconnecting
 * client reloads, so a lost event costs a stale screen, never an order or a request.
 */
export class LivePublisher {
  private readonly logger = new Logger('live');
  /** Set by a failed publish, cleared by the next one that goes through. */
  private failing = false;

  private constructor(
    private readonly redis: RedisClient,
    private readonly ownsConnection: boolean,
  ) {}

  /** On a connection of its own, closed by `close()` (a bot-worker). */
  static connect(redisUrl: string): LivePublisher {
    return new LivePublisher(createRedis(redisUrl, 'command'), true);
  }

  /** On a connection the caller shares and closes itself (the gateway's). */
  static over(redis: RedisClient): LivePublisher {
    return new LivePublisher(redis, false);
  }

  publish(userId: string, event: LiveEvent): void {
    this.redis.publish(liveChannel(userId), JSON.stringify(event)).then(
      () => (this.failing = false),
      (error: unknown) => this.warnOncePerOutage(error),
    );
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await closeRedis(this.redis);
  }

  // While Redis is away every event fails alike: thousands of bots would repeat one line.
  private warnOncePerOutage(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(`live events not published (until Redis answers): ${messageOf(error)}`);
  }
}
