import { type DynamicModule, Module } from '@nestjs/common';
import { DistributedLockModule } from '@platform/distributed-lock';
import { DatabaseCheck, PersistenceModule } from '@platform/persistence';
import { HealthModule, RedisCheck, ServiceIdentity } from '@platform/service-kit';
import type { MarketDataConfig } from '../config/market-data.env';
import { CANDLE_BACKFILL_SETTINGS } from '../candles/candle-backfill';
import { FeedsModule } from '../feeds/feeds.module';
import { FeedsService } from '../feeds/feeds.service';
import { PingController } from '../ping/ping.controller';
import { QuotesModule } from '../quotes/quotes.module';
import { MarketDataMetricsModule } from '../metrics/market-data-metrics.module';
import { FeedSourcesCheck } from '../stats/feed-sources.check';
import { StatsController } from '../stats/stats.controller';

@Module({})
export class AppModule {
  static forRoot(config: MarketDataConfig): DynamicModule {
    const identity = new ServiceIdentity('market-data');
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: identity.instanceId,
        }),
        DistributedLockModule.forRoot({ redisUrls: [config.REDIS_URL] }),
        HealthModule.forRoot({
          inject: [DatabaseCheck, FeedsService],
          checks: (database: DatabaseCheck, feeds: FeedsService) => [
            database,
            new RedisCheck(config.REDIS_URL),
            new FeedSourcesCheck(feeds),
          ],
          timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS,
        }),
        FeedsModule.forRoot({
          redisUrl: config.REDIS_URL,
          exchangeBaseUrls: config.EXCHANGE_BASE_URLS,
          weightBudgets: config.EXCHANGE_WEIGHT_BUDGETS,
          settings: {
            pollIntervalMs: config.POLL_INTERVAL_MS,
            candleRefreshMs: config.CANDLE_REFRESH_MS,
            feedRefreshMs: config.FEED_REFRESH_MS,
            leaseTtlMs: config.FEED_LEASE_TTL_MS,
            streams: config.MARKET_STREAMS === 'on',
            streamStaleMs: config.MARKET_STREAM_STALE_MS,
          },
          backfill: CANDLE_BACKFILL_SETTINGS,
        }),
        MarketDataMetricsModule.forRoot({
          redisUrl: config.REDIS_URL,
          token: config.METRICS_TOKEN,
        }),
        QuotesModule.forRoot({
          redisUrl: config.REDIS_URL,
          balances: {
            keyRing: config.ENCRYPTION_KEYS,
            cacheTtlMs: 30_000,
          },
        }),
      ],
      controllers: [PingController, StatsController],
      providers: [{ provide: ServiceIdentity, useValue: identity }],
    };
  }
}
