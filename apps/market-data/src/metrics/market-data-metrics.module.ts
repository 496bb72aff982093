import { type DynamicModule, Module } from '@nestjs/common';
import { databaseMetricsDependencies } from '@platform/persistence';
import { MetricsModule, MetricsRegistry, RedisCheck } from '@platform/service-kit';
import { FeedsService } from '../feeds/feeds.service';
import { registerFeedAges } from './feed-ages.metrics';
import { registerFeedSources } from './feed-sources.metrics';

const FEED_METRICS = Symbol('FEED_METRICS');

/**
 * `GET /metrics` of market-data: the shared part, how old each held feed's data is and where it
 * comes from (stream or polling).
 */
@Module({})
export class MarketDataMetricsModule {
  static forRoot(options: { redisUrl: string; token: string }): DynamicModule {
    return {
      module: MarketDataMetricsModule,
      imports: [
        MetricsModule.forRoot({
          service: 'market-data',
          token: options.token,
          dependencies: databaseMetricsDependencies(() => [new RedisCheck(options.redisUrl)]),
        }),
      ],
      providers: [
        {
          provide: FEED_METRICS,
          inject: [MetricsRegistry, FeedsService],
          useFactory: (registry: MetricsRegistry, feeds: FeedsService) => [
            registerFeedAges(registry, feeds),
            registerFeedSources(registry, feeds),
          ],
        },
      ],
    };
  }
}
