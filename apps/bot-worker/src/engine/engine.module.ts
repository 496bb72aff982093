import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { type KeyRing, WeightBudget } from '@platform/exchange';
import { SnapshotStore } from '@platform/market-snapshots';
import {
  EquityRollup,
  EquitySnapshotsRepository,
  ExchangeAccountsRepository,
  PaperLedgerRepository,
  PortfolioTotals,
} from '@platform/persistence';
import {
  CacheMetrics,
  ExchangeCallMetrics,
  LivePublisher,
  MetricsRegistry,
} from '@platform/service-kit';
import { EngineStats } from './engine-stats';
import { EquitySnapshots } from './equity-snapshots';
import { ExchangeFactory } from './exchange-factory';
import { StatsController } from './stats.controller';
import { MarketHub } from './market-hub';
import { ENGINE_SETTINGS, type EngineSettings, RuntimeFactory } from './runtime-factory';

export interface EngineModuleOptions {
  redisUrl: string;
  settings: EngineSettings;
  keyRing: KeyRing | null;
  baseUrls: { exchangeId: string; url: string }[];
  weightBudgets: { exchangeId: string; weight: number }[];
  orderBudgetPer10s: number;
  paperSlippagePct: number;
  lateOrderWindowMs: number;
}

const ORDER_BUDGET = Symbol('ORDER_BUDGET');

/** The trading engine: market snapshots in, runtimes per bot, exchanges paper or live. */
@Module({})
export class EngineModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly hub: MarketHub,
    private readonly equity: EquitySnapshots,
    private readonly store: SnapshotStore,
    private readonly weights: WeightBudget,
    @Inject(ORDER_BUDGET) private readonly orderBudget: WeightBudget,
    private readonly live: LivePublisher,
  ) {}

  static forRoot(options: EngineModuleOptions): DynamicModule {
    return {
      module: EngineModule,
      global: true,
      controllers: [StatsController],
      providers: [
        EngineStats,
        { provide: LivePublisher, useFactory: () => LivePublisher.connect(options.redisUrl) },
        { provide: ENGINE_SETTINGS, useValue: options.settings },
        { provide: SnapshotStore, useFactory: () => new SnapshotStore(options.redisUrl) },
        {
          provide: MarketHub,
          inject: [SnapshotStore, { token: CacheMetrics, optional: true }],
          useFactory: (store: SnapshotStore, cache?: CacheMetrics) =>
            new MarketHub(options.redisUrl, store, cache),
        },
        {
          provide: WeightBudget,
          useFactory: () =>
            new WeightBudget(options.redisUrl, {
              limits: Object.fromEntries(
                options.weightBudgets.map((b) => [b.exchangeId, b.weight]),
              ),
              defaultLimit: 600,
            }),
        },
        {
          provide: ORDER_BUDGET,
          useFactory: () =>
            new WeightBudget(options.redisUrl, {
              limits: {},
              defaultLimit: options.orderBudgetPer10s,
              windowMs: 10_000,
              keyPrefix: 'order-budget',
            }),
        },
        {
          provide: ExchangeFactory,
          inject: [
            MarketHub,
            PaperLedgerRepository,
            ExchangeAccountsRepository,
            WeightBudget,
            ORDER_BUDGET,
            { token: MetricsRegistry, optional: true },
          ],
          useFactory: (
            hub: MarketHub,
            ledger: PaperLedgerRepository,
            accounts: ExchangeAccountsRepository,
            weights: WeightBudget,
            orders: WeightBudget,
            metrics?: MetricsRegistry,
          ) =>
            new ExchangeFactory(
              {
                keyRing: options.keyRing,
                baseUrls: options.baseUrls,
                paperSlippagePct: options.paperSlippagePct,
                lateOrderWindowMs: options.lateOrderWindowMs,
              },
              hub,
              ledger,
              accounts,
              weights,
              orders,
              metrics && new ExchangeCallMetrics(metrics),
            ),
        },
        EquitySnapshotsRepository,
        PortfolioTotals,
        EquityRollup,
        {
          provide: EquitySnapshots,
          inject: [EquitySnapshotsRepository, PortfolioTotals, EquityRollup, MarketHub],
          useFactory: (
            repo: EquitySnapshotsRepository,
            totals: PortfolioTotals,
            rollup: EquityRollup,
            hub: MarketHub,
          ) => new EquitySnapshots(repo, { totals, rollup }, hub),
        },
        RuntimeFactory,
      ],
      exports: [RuntimeFactory, LivePublisher, EngineStats],
    };
  }

  async onModuleInit(): Promise<void> {
    await this.hub.start();
  }

  onApplicationBootstrap(): void {
    this.equity.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.equity.stop();
    await Promise.all([
      this.hub.close(),
      this.store.close(),
      this.weights.close(),
      this.orderBudget.close(),
      this.live.close(),
    ]);
  }
}
