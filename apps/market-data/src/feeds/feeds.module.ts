import {
  type DynamicModule,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { WeightBudget } from '@platform/exchange';
import { SnapshotStore } from '@platform/market-snapshots';
import { ExchangeCallMetrics, MetricsRegistry } from '@platform/service-kit';
import { LeaseManager } from '@platform/distributed-lock';
import { CandleStore, SQL, type Sql } from '@platform/persistence';
import { type BackfillSettings, CandleBackfill } from '../candles/candle-backfill';
import { CandleTopUps } from '../candles/candle-top-ups';
import { ExchangeClients } from './exchange-clients';
import { FEED_SETTINGS, type FeedSettings, FeedsService } from './feeds.service';

@Module({})
export class FeedsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly store: SnapshotStore,
    private readonly budget: WeightBudget,
    private readonly backfill: CandleBackfill,
  ) {}

  onApplicationBootstrap(): void {
    this.backfill.start();
  }

  static forRoot(options: {
    redisUrl: string;
    exchangeBaseUrls: { exchangeId: string; url: string }[];
    weightBudgets: { exchangeId: string; weight: number }[];
    settings: FeedSettings;
    backfill: BackfillSettings;
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
        { provide: CandleStore, inject: [SQL], useFactory: (sql: Sql) => new CandleStore(sql) },
        {
          provide: CandleTopUps,
          inject: [CandleStore, CandleBackfill],
          useFactory: (store: CandleStore, backfill: CandleBackfill) =>
            new CandleTopUps(store, backfill),
        },
        {
          provide: CandleBackfill,
          inject: [CandleStore, ExchangeClients, LeaseManager],
          useFactory: (store: CandleStore, clients: ExchangeClients, leases: LeaseManager) =>
            new CandleBackfill(store, clients, leases, options.backfill),
        },
      ],
      exports: [
        FeedsService,
        ExchangeClients,
        SnapshotStore,
        FEED_SETTINGS,
        CandleStore,
        CandleBackfill,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.backfill.stop();
    await Promise.all([this.store.close(), this.budget.close()]);
  }
}
