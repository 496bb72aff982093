import { type DynamicModule, Module } from '@nestjs/common';
import { databaseMetricsDependencies } from '@platform/persistence';
import { MetricsModule, MetricsRegistry, RedisCheck, ServiceIdentity } from '@platform/service-kit';
import { EngineStats } from '../engine/engine-stats';
import { WorkerMetrics } from './worker-metrics';

/** `GET /metrics` of a bot-worker: the shared part plus `WorkerMetrics` (global). */
@Module({})
export class WorkerMetricsModule {
  static forRoot(options: { redisUrl: string; token: string }): DynamicModule {
    return {
      module: WorkerMetricsModule,
      global: true,
      imports: [
        MetricsModule.forRoot({
          service: 'bot-worker',
          token: options.token,
          dependencies: databaseMetricsDependencies(() => [new RedisCheck(options.redisUrl)]),
        }),
      ],
      providers: [
        {
          provide: WorkerMetrics,
          inject: [MetricsRegistry, ServiceIdentity, EngineStats],
          useFactory: (
            registry: MetricsRegistry,
            identity: ServiceIdentity,
            stats: EngineStats,
          ) => {
            const metrics = new WorkerMetrics(registry, identity);
            stats.observe(metrics);
            return metrics;
          },
        },
      ],
      exports: [WorkerMetrics],
    };
  }
}
