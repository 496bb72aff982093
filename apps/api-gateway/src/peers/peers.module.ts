import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { redisTransportOptions } from '@platform/service-kit';
import { MARKET_DATA_TIMEOUT_MS, MarketDataClient } from './market-data.client';
import { BOT_WORKER_CLIENT, MARKET_DATA_CLIENT } from './peer-clients';

/** Transport clients to bot-workers and market-data, available to every gateway module. */
@Module({})
export class PeersModule {
  static forRoot(redisUrl: string, marketDataTimeoutMs = 10_000): DynamicModule {
    return {
      module: PeersModule,
      global: true,
      imports: [
        ClientsModule.register([
          { name: BOT_WORKER_CLIENT, ...redisTransportOptions(redisUrl) },
          { name: MARKET_DATA_CLIENT, ...redisTransportOptions(redisUrl) },
        ]),
      ],
      providers: [
        MarketDataClient,
        { provide: MARKET_DATA_TIMEOUT_MS, useValue: marketDataTimeoutMs },
      ],
      exports: [ClientsModule, MarketDataClient],
    };
  }
}
