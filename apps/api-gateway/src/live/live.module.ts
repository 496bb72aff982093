import { type DynamicModule, Module } from '@nestjs/common';
import { UserMarkets } from '@platform/persistence';
import type { RedisClient } from '@platform/redis';
import { LivePublisher } from '@platform/service-kit';
import { StreamTicketGuard } from '../auth/stream-ticket.guard';
import { StreamTickets } from '../auth/stream-tickets';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';
import { LiveHub } from './live-hub';
import { LIVE_SETTINGS, type LiveSettings } from './live-settings';
import { LiveController } from './live.controller';

/**
 * Live updates over server-sent events, and the publisher other modules use to announce a
 * user's changes (global). Needs GatewayRedisModule, PersistenceModule and PeersModule.
 */
@Module({})
export class LiveModule {
  static forRoot(settings: LiveSettings): DynamicModule {
    return {
      module: LiveModule,
      global: true,
      controllers: [LiveController],
      providers: [
        LiveHub,
        {
          // on the gateway's connection: it publishes what a request just committed
          provide: LivePublisher,
          inject: [GATEWAY_REDIS],
          useFactory: (redis: RedisClient) => LivePublisher.over(redis),
        },
        StreamTickets,
        StreamTicketGuard,
        UserMarkets,
        { provide: LIVE_SETTINGS, useValue: settings },
      ],
      exports: [LivePublisher, LiveHub],
    };
  }
}
