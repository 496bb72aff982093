import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RedisClient } from '@platform/redis';
import { botsVersionKey } from '../redis/gateway-keys';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';

// Far longer than any cache entry lives (BotListCache: seconds), so an expired version can
// never bring back a page cached under it; a user without writes for a day just reads ''.
const VERSION_TTL_MS = 24 * 3600 * 1000;

/**
 * The users' bots versions (see BotListCache). A new random token per write, not a counter:
 * a counter that Redis lost (restart without persistence) would count the same values again
 * and could match a page cached just before.
 */
@Injectable()
export class BotsVersions {
  private readonly logger = new Logger('bots');

  constructor(@Inject(GATEWAY_REDIS) private readonly redis: RedisClient) {}

  /**
   * After a committed write to the user's bots, before answering it: every gateway's next
   * list for the user misses its cache. If Redis fails here the write stands, and other
   * replicas may show the old list for at most their cache time.
   */
  async bump(userId: string): Promise<void> {
    try {
      await this.redis.set(
        botsVersionKey(userId),
        randomBytes(9).toString('base64url'),
        'PX',
        VERSION_TTL_MS,
      );
    } catch (error) {
      this.logger.warn(
        `bots version not bumped: ${error instanceof Error ? error.message : error}`,
      );
    }
  }
}
