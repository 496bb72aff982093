import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { closeRedis, createRedis, type RedisClient } from '@platform/redis';

export const GATEWAY_REDIS = Symbol('GATEWAY_REDIS');

/**
 * The gateway's own Redis connection (sessions, rate limits, sign-in throttling, live events),
 * a `request` connection (libs/redis): concurrent requests' commands share one write, and while
 * Redis is away a command fails within a second or two instead of queueing, so requests get a
 * 503 rather than hanging.
 */
@Global()
@Module({})
export class GatewayRedisModule implements OnApplicationShutdown {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: RedisClient) {}

  static forRoot(redisUrl: string) {
    return {
      module: GatewayRedisModule,
      providers: [{ provide: GATEWAY_REDIS, useFactory: () => createRedis(redisUrl, 'request') }],
      exports: [GATEWAY_REDIS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}
