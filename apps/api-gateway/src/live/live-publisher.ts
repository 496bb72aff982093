import { Inject, Injectable, Logger } from '@nestjs/common';
import { type LiveEvent, liveChannel } from '@platform/contracts';
import type Redis from 'ioredis';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';

/**
 * Publishes a user's live event on their channel, where every gateway replica (this one too)
 * picks it up for that user's open streams. At most once, never awaited by the caller: the
 * action is already committed to Postgres, which a reconnecting client reloads.
 */
@Injectable()
export class LivePublisher {
  private readonly logger = new Logger('live');

  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  publish(userId: string, event: LiveEvent): void {
    this.redis.publish(liveChannel(userId), JSON.stringify(event)).catch((error: unknown) => {
      this.logger.warn(
        `live event not published: ${error instanceof Error ? error.message : error}`,
      );
    });
  }
}
