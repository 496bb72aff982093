import { type DynamicModule, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { WorkerRegistry } from '@platform/cluster';
import { SUPPORTED_EXCHANGES } from '@platform/contracts';
import { databaseMetricsDependencies } from '@platform/persistence';
import { closeRedis, createRedis, type RedisClient } from '@platform/redis';
import { MetricsModule, MetricsRegistry, RedisCheck } from '@platform/service-kit';
import { Gauge } from 'prom-client';
import { LiveHub } from '../live/live-hub';
import { registerClusterGauges } from './cluster-gauges';
import { HttpMetrics } from './http-metrics';

const METRICS_REDIS = Symbol('METRICS_REDIS');

export interface GatewayMetricsOptions {
  redisUrl: string;
  token: string;
  weightBudgets: { exchangeId: string; weight: number }[];
}

/**
 * `GET /metrics` of a gateway: the shared part, HTTP requests (`HttpMetrics`, fed by the
 * Fastify hook configureHttp adds), live streams open, and the cluster gauges.
 */
@Module({})
export class GatewayMetricsModule implements OnApplicationShutdown {
  constructor(
    @Inject(METRICS_REDIS) private readonly redis: RedisClient,
    private readonly workers: WorkerRegistry,
  ) {}

  static forRoot(options: GatewayMetricsOptions): DynamicModule {
    const exchangeIds = [
      ...new Set([...SUPPORTED_EXCHANGES, ...options.weightBudgets.map((b) => b.exchangeId)]),
    ].sort();
    return {
      module: GatewayMetricsModule,
      imports: [
        MetricsModule.forRoot({
          service: 'api-gateway',
          token: options.token,
          dependencies: databaseMetricsDependencies(() => [new RedisCheck(options.redisUrl)]),
        }),
      ],
      providers: [
        HttpMetrics,
        { provide: METRICS_REDIS, useFactory: () => createRedis(options.redisUrl, 'command') },
        { provide: WorkerRegistry, useFactory: () => new WorkerRegistry(options.redisUrl) },
        {
          provide: 'GATEWAY_GAUGES',
          inject: [MetricsRegistry, WorkerRegistry, METRICS_REDIS, LiveHub],
          useFactory: (
            registry: MetricsRegistry,
            workers: WorkerRegistry,
            redis: RedisClient,
            hub: LiveHub,
          ) => {
            registerClusterGauges(registry, workers, redis, exchangeIds, options.weightBudgets);
            new Gauge({
              name: 'platform_live_streams_open',
              help: 'Live event streams (GET /live, server-sent events) open on this gateway',
              registers: [registry],
              collect() {
                this.set(hub.streamCount());
              },
            });
            return true;
          },
        },
      ],
      exports: [HttpMetrics],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([closeRedis(this.redis), this.workers.close()]);
  }
}
