import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { SnapshotStore } from '@platform/market-snapshots';
import { redisTransportOptions } from '@platform/service-kit';
import { MARKET_DATA_TIMEOUT_MS, MarketDataClient } from './market-data.client';
import { BOT_WORKER_CLIENT, MARKET_DATA_CLIENT } from './peer-clients';

/**
 * Transport clients to bot-workers and market-data, and the market snapshots market-data keeps
 * in Redis (read directly: no transport round trip for a price), for every gateway module.
 */
@Module({})
export class PeersModule implements OnApplicationShutdown {
  constructor(private readonly snapshots: SnapshotStore) {}

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
        { provide: SnapshotStore, useFactory: () => new SnapshotStore(redisUrl) },
      ],
      exports: [ClientsModule, MarketDataClient, SnapshotStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.snapshots.close();
  }
}
