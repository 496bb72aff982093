import {
  type DynamicModule,
  Inject,
  Injectable,
  type InjectionToken,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type DependencyMetricsOptions, registerDependencyMetrics } from './dependency-metrics';
import { CacheMetrics } from './cache-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';
import { METRICS_TOKEN, MetricsTokenGuard } from './metrics-token.guard';

export interface MetricsModuleOptions {
  /** The `service` label on every series. */
  service: string;
  /** METRICS_TOKEN: the bearer token a scraper must present; empty: none needed. */
  token: string;
  /** The shared dependencies to probe at each scrape and the Postgres pool to read. */
  dependencies?: {
    inject: InjectionToken[];
    useFactory: (...deps: never[]) => DependencyMetricsOptions;
  };
}

const DEPENDENCY_METRICS = Symbol('DEPENDENCY_METRICS');

/** Closes the probes' own connections on shutdown. */
@Injectable()
class DependencyProbesCloser implements OnApplicationShutdown {
  constructor(@Inject(DEPENDENCY_METRICS) private readonly probes: { close(): Promise<void> }) {}

  onApplicationShutdown(): Promise<void> {
    return this.probes.close();
  }
}

/**
 * `GET /metrics` on the service's HTTP port and the registry every collector of the service
 * registers with (global: inject `MetricsRegistry` anywhere).
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsModuleOptions): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: MetricsRegistry, useFactory: () => new MetricsRegistry(options.service) },
        { provide: METRICS_TOKEN, useValue: options.token },
        MetricsTokenGuard,
        CacheMetrics,
        {
          provide: DEPENDENCY_METRICS,
          inject: [MetricsRegistry, ...(options.dependencies?.inject ?? [])],
          useFactory: (registry: MetricsRegistry, ...deps: never[]) =>
            registerDependencyMetrics(
              registry,
              options.dependencies?.useFactory(...deps) ?? { probes: [] },
            ),
        },
        DependencyProbesCloser,
      ],
      exports: [MetricsRegistry, CacheMetrics],
    };
  }
}
