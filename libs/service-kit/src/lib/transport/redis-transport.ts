import { Transport, type RedisOptions as NestRedisOptions } from '@nestjs/microservices';
import { RECONNECT_DELAY_MS, redisConnectionOptions } from '@platform/redis';

/**
 * Options for the NestJS Redis transport, used by listeners and clients alike.
 *
 * Nest's default gives up reconnecting after the first drop (no `retryAttempts` means "do not
 * retry"), which would leave a service deaf after a Redis restart until someone restarts it.
 * We retry forever at the delay every other connection uses (libs/redis); ioredis re-subscribes
 * after reconnecting.
 */
export function redisTransportOptions(redisUrl: string): NestRedisOptions {
  // A Sentinel group too: Nest hands these to ioredis as they are (its own copy of ioredis'
  // option types lags behind ioredis', hence the cast).
  const connection = redisConnectionOptions(redisUrl) as NestRedisOptions['options'];
  return {
    transport: Transport.REDIS,
    options: {
      ...connection,
      retryAttempts: Number.MAX_SAFE_INTEGER,
      retryDelay: RECONNECT_DELAY_MS,
    },
  };
}
