import { type DynamicModule, Module } from '@nestjs/common';
import { StreamTicketGuard } from '../auth/stream-ticket.guard';
import { StreamTickets } from '../auth/stream-tickets';
import { LiveHub } from './live-hub';
import { LivePublisher } from './live-publisher';
import { LIVE_SETTINGS, type LiveSettings } from './live-settings';
import { LiveController } from './live.controller';
import { UserMarkets } from './user-markets';

/**
 * Live updates over server-sent events, and the publisher other modules use to announce a
 * user's changes (global). Needs GatewayRedisModule, DatabaseModule and PeersModule.
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
        LivePublisher,
        StreamTickets,
        StreamTicketGuard,
        UserMarkets,
        { provide: LIVE_SETTINGS, useValue: settings },
      ],
      exports: [LivePublisher, LiveHub],
    };
  }
}
