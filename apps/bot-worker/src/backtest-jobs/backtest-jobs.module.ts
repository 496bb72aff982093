import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { BacktestQueue, backtestWorkerTimings } from '@platform/backtest-queue';
import { type BacktestJob, backtestQueueName, messageOf } from '@platform/contracts';
import {
  BudgetedExchangeClient,
  CcxtExchangeClient,
  type ExchangeClient,
  WeightBudget,
} from '@platform/exchange';
import { bullConnection } from '@platform/notifications';
import { BacktestsStore, CandleStore, SQL, type Sql } from '@platform/persistence';
import { LivePublisher } from '@platform/service-kit';
import { Worker } from 'bullmq';
import {
  BACKTEST_CANDLE_SOURCE,
  type BacktestCandleSource,
  RecentCandles,
  StoredCandleSource,
} from './backtest-candle-source';
import { type BacktestOutcome, BacktestProcessor } from './backtest-processor';

export interface BacktestJobsOptions {
  redisUrl: string;
  workerId: string;
  /** Backtests this process runs at once (BACKTEST_CONCURRENCY); 0: it serves no backtest jobs. */
  concurrency: number;
  /** BullMQ lock of a running job (BACKTEST_LOCK_MS): see backtestWorkerTimings. */
  lockMs: number;
  progressIntervalMs: number;
  /** Test harness only (BACKTEST_PROGRESS_DELAY_MS). */
  progressDelayMs: number;
  baseUrls: { exchangeId: string; url: string }[];
  weightBudgets: { exchangeId: string; weight: number }[];
  /** Keeps tests' queues apart; default `backtests`. */
  queuePrefix?: string;
  /** Called with each job's outcome (tests, logs). */
  onOutcome?: (backtestId: string, outcome: BacktestOutcome) => void;
}

const OPTIONS = Symbol('BACKTEST_JOBS_OPTIONS');
/** How long a row may stay queued without its job before a worker queues it again. */
const REQUEUE_AFTER_S = 30;

/**
 * This process's share of the backtest jobs (issue 13): a BullMQ worker on the shared queue,
 * started when BACKTEST_CONCURRENCY > 0, so every notebook's bot-workers split the queue (a
 * sweep's hundred jobs spread over all of them). Also, every REQUEUE_AFTER_S, queues again the
 * backtests that Postgres holds as queued but whose job never reached Redis (the gateway's add
 * failed after its commit, or Redis lost its data): Postgres is the truth, the queue only moves
 * the work. Needs PersistenceModule.
 */
@Module({})
export class BacktestJobsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('backtests');
  private worker: Worker<BacktestJob, BacktestOutcome> | null = null;
  private queue: BacktestQueue | null = null;
  private live: LivePublisher | null = null;
  private requeueTimer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(OPTIONS) private readonly options: BacktestJobsOptions,
    @Inject(BACKTEST_CANDLE_SOURCE) private readonly source: BacktestCandleSource,
  ) {}

  static forRoot(options: BacktestJobsOptions): DynamicModule {
    return {
      module: BacktestJobsModule,
      providers: [
        { provide: OPTIONS, useValue: options },
        {
          provide: BACKTEST_CANDLE_SOURCE,
          inject: [SQL],
          useFactory: (sql: Sql) => {
            // made on the first backtest: a worker serving none opens no connection for it
            let budget: WeightBudget | null = null;
            const clients = new Map<string, ExchangeClient>();
            const source = new StoredCandleSource(new CandleStore(sql), (exchangeId) => {
              let client = clients.get(exchangeId);
              if (!client) {
                budget ??= new WeightBudget(options.redisUrl, {
                  limits: Object.fromEntries(
                    options.weightBudgets.map((b) => [b.exchangeId, b.weight]),
                  ),
                  defaultLimit: 600,
                });
                const baseUrl = options.baseUrls.find((b) => b.exchangeId === exchangeId)?.url;
                client = new BudgetedExchangeClient(
                  new CcxtExchangeClient({ exchangeId, baseUrl }),
                  budget,
                );
                clients.set(exchangeId, client);
              }
              return client;
            });
            return Object.assign(new RecentCandles(source), {
              close: async () => budget?.close(),
            });
          },
        },
      ],
    };
  }

  onApplicationBootstrap(): void {
    const options = this.options;
    if (options.concurrency <= 0) return;
    const store = new BacktestsStore(this.sql);
    const onError = (error: unknown) => this.log.warn(`backtest jobs: ${messageOf(error)}`);
    this.live = LivePublisher.connect(options.redisUrl);
    this.queue = new BacktestQueue(options.redisUrl, options.queuePrefix, onError);
    const processor = new BacktestProcessor(
      store,
      this.source,
      this.live,
      {
        workerId: options.workerId,
        progressIntervalMs: options.progressIntervalMs,
        progressDelayMs: options.progressDelayMs,
      },
      () => this.stopping,
    );
    // BullMQ connects when Redis answers: a Redis away at start-up does not keep bots waiting
    this.worker = new Worker<BacktestJob, BacktestOutcome>(
      backtestQueueName(options.queuePrefix),
      (job, token) => processor.process(job, token),
      {
        connection: bullConnection(options.redisUrl),
        concurrency: options.concurrency,
        ...backtestWorkerTimings(options.lockMs),
      },
    );
    this.worker.on('error', onError);
    this.worker.on('completed', (job, outcome) =>
      options.onOutcome?.(job.data.backtestId, outcome),
    );
    this.worker.on('failed', (job, error) => {
      processor.abandoned(job, error).catch(onError);
    });
    const requeue = async () => {
      const ids = await store.possiblyLost(REQUEUE_AFTER_S, 2 * REQUEUE_AFTER_S, 500);
      if (ids.length > 0) await this.queue?.add(ids);
    };
    this.requeueTimer = setInterval(() => {
      requeue().catch(onError);
    }, REQUEUE_AFTER_S * 1000);
    this.requeueTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // a running backtest stops at its next progress step and its job goes back to the queue,
    // where another worker (or this one after its restart) runs it from the start
    this.stopping = true;
    if (this.requeueTimer) clearInterval(this.requeueTimer);
    await this.worker?.close();
    await this.queue?.close();
    await this.live?.close();
    await (this.source as { close?: () => Promise<void> }).close?.();
  }
}
