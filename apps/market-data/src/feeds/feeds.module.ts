import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { WeightBudget } from '@platform/exchange';
import { SnapshotStore } from '@platform/market-snapshots';
import { ExchangeCallMetrics, MetricsRegistry } from '@platform/service-kit';
import { ExchangeClients } from './exchange-clients';
import { FEED_SETTINGS, type FeedSettings, FeedsService } from './feeds.service';

@Module({})
export class FeedsModule implements OnApplicationShutdown {
  constructor(
    private readonly store: SnapshotStore,
    private readonly budget: WeightBudget,
  ) {}

  static forRoot(options: {
    redisUrl: string;
    exchangeBaseUrls: { exchangeId: string; url: string }[];
    weightBudgets: { exchangeId: string; weight: number }[];
    settings: FeedSettings;
  }): DynamicModule {
    return {
      module: FeedsModule,
      global: true,
      providers: [
        FeedsService,
        { provide: FEED_SETTINGS, useValue: options.settings },
        {
          provide: WeightBudget,
          useFactory: () =>
            new WeightBudget(options.redisUrl, {
              limits: Object.fromEntries(
                options.weightBudgets.map((b) => [b.exchangeId, b.weight]),
              ),
              defaultLimit: 600, // exchanges we know no limit of: about 10 calls a second cluster-wide
            }),
        },
        {
          provide: ExchangeClients,
          inject: [WeightBudget, { token: MetricsRegistry, optional: true }],
          useFactory: (budget: WeightBudget, metrics?: MetricsRegistry) =>
            new ExchangeClients(
              options.exchangeBaseUrls,
              budget,
              metrics && new ExchangeCallMetrics(metrics),
            ),
        },
        { provide: SnapshotStore, useFactory: () => new SnapshotStore(options.redisUrl) },
      ],
      exports: [FeedsService, ExchangeClients, SnapshotStore, FEED_SETTINGS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.store.close(), this.budget.close()]);
  }
}
