import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { redisOptionsFromUrl } from '@platform/service-kit';
import Redis from 'ioredis';

export const GATEWAY_REDIS = Symbol('GATEWAY_REDIS');

/**
 * The gateway's own Redis connection (sessions, rate limits, sign-in throttling). Concurrent
 * requests' commands share one write (auto-pipelining); a command fails within a second while
 * Redis is away instead of queueing, so requests get a 503 rather than hanging.
 */
@Global()
@Module({})
export class GatewayRedisModule implements OnApplicationShutdown {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  static forRoot(redisUrl: string) {
    return {
      module: GatewayRedisModule,
      providers: [
        {
          provide: GATEWAY_REDIS,
          useFactory: () => {
            const redis = new Redis({
              ...redisOptionsFromUrl(redisUrl),
              enableAutoPipelining: true,
              maxRetriesPerRequest: 1,
              commandTimeout: 2000,
              retryStrategy: () => 500,
            });
            redis.on('error', () => undefined); // reconnects by itself; requests report it
            return redis;
          },
        },
      ],
      exports: [GATEWAY_REDIS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
