import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { SnapshotStore } from '@platform/market-snapshots';
import { ExchangeClients } from './exchange-clients';
import { FEED_SETTINGS, type FeedSettings, FeedsService } from './feeds.service';

@Module({})
export class FeedsModule implements OnApplicationShutdown {
  constructor(private readonly store: SnapshotStore) {}

  static forRoot(options: {
    redisUrl: string;
    exchangeBaseUrls: { exchangeId: string; url: string }[];
    settings: FeedSettings;
  }): DynamicModule {
    return {
      module: FeedsModule,
      global: true,
      providers: [
        FeedsService,
        { provide: FEED_SETTINGS, useValue: options.settings },
        {
          provide: ExchangeClients,
          useFactory: () => new ExchangeClients(options.exchangeBaseUrls),
        },
        { provide: SnapshotStore, useFactory: () => new SnapshotStore(options.redisUrl) },
      ],
      exports: [FeedsService, ExchangeClients, SnapshotStore, FEED_SETTINGS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
