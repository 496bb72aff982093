import { type DynamicModule, Module } from '@nestjs/common';
import { NotificationsModule } from '@platform/notifications';
import { DatabaseCheck, PersistenceModule } from '@platform/persistence';
import {
  HealthModule,
  RedisCheck,
  ServiceIdentity,
  setProcessLogFields,
} from '@platform/service-kit';
import type { BotWorkerConfig } from '../config/bot-worker.env';
import { BacktestJobsModule } from '../backtest-jobs/backtest-jobs.module';
import { EngineModule } from '../engine/engine.module';
import { WorkerMetricsModule } from '../metrics/worker-metrics.module';
import { SupervisorModule } from '../supervisor/supervisor.module';

@Module({})
export class AppModule {
  static forRoot(config: BotWorkerConfig): DynamicModule {
    const identity = new ServiceIdentity('bot-worker');
    // every line of this process names the worker (the id /cluster and the bots' rows show)
    setProcessLogFields({ worker: identity.instanceId });
    return {
      module: AppModule,
      global: true,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: identity.instanceId,
          unsafeDisableFencing: config.UNSAFE_DISABLE_FENCING,
          // a frozen worker's row locks are freed within about one lease TTL, 3 s at least: a
          // busy worker's own transactions must not be cut for a pause that short
          idleInTransactionTimeoutMs: Math.max(config.LEASE_TTL_MS, 3000),
        }),
        HealthModule.forRoot({
          inject: [DatabaseCheck],
          checks: (database: DatabaseCheck) => [database, new RedisCheck(config.REDIS_URL)],
          timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS,
        }),
        EngineModule.forRoot({
          redisUrl: config.REDIS_URL,
          settings: {
            workerId: identity.instanceId,
            tickMs: config.BOT_TICK_INTERVAL_MS,
            tickWorkMs: config.BOT_TICK_WORK_MS,
            heartbeatHistory: config.BOT_HEARTBEAT_HISTORY,
            staleAfterMs: config.MARKET_STALE_AFTER_MS,
            orderPollMs: config.ORDER_POLL_INTERVAL_MS,
            crashAt: config.BOT_CRASH_AT,
          },
          lateOrderWindowMs: config.LATE_ORDER_WINDOW_MS,
          keyRing: config.ENCRYPTION_KEYS,
          baseUrls: config.EXCHANGE_BASE_URLS,
          weightBudgets: config.EXCHANGE_WEIGHT_BUDGETS,
          orderBudgetPer10s: config.ORDER_BUDGET_PER_10S,
          paperSlippagePct: config.PAPER_SLIPPAGE_PCT,
        }),
        WorkerMetricsModule.forRoot({ redisUrl: config.REDIS_URL, token: config.METRICS_TOKEN }),
        SupervisorModule.forRoot({
          redisUrl: config.REDIS_URL,
          settings: {
            workerId: identity.instanceId,
            host: identity.host,
            pid: identity.pid,
            startedAt: identity.startedAt.toISOString(),
            capacity: config.WORKER_CAPACITY,
            tags: config.WORKER_TAGS,
            leaseTtlMs: config.LEASE_TTL_MS,
            lockRedisUrls:
              config.REDIS_LOCK_URLS.length > 0 ? config.REDIS_LOCK_URLS : [config.REDIS_URL],
            reconcileIntervalMs: config.RECONCILE_INTERVAL_MS,
            tickMs: config.BOT_TICK_INTERVAL_MS,
            heartbeatHistory: config.BOT_HEARTBEAT_HISTORY,
          },
        }),
        NotificationsModule.forRoot({
          redisUrl: config.REDIS_URL,
          config,
          keyRing: config.ENCRYPTION_KEYS,
        }),
        BacktestJobsModule.forRoot({
          redisUrl: config.REDIS_URL,
          workerId: identity.instanceId,
          concurrency: config.BACKTEST_CONCURRENCY,
          lockMs: config.BACKTEST_LOCK_MS,
          progressIntervalMs: config.BACKTEST_PROGRESS_INTERVAL_MS,
          progressDelayMs: config.BACKTEST_PROGRESS_DELAY_MS,
          baseUrls: config.EXCHANGE_BASE_URLS,
          weightBudgets: config.EXCHANGE_WEIGHT_BUDGETS,
        }),
      ],
      providers: [{ provide: ServiceIdentity, useValue: identity }],
      exports: [ServiceIdentity],
    };
  }
}
