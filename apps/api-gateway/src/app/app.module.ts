import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { ClientProxy } from '@nestjs/microservices';
import { DatabaseCheck, PersistenceModule } from '@platform/persistence';
import { HealthModule, RedisCheck, ServiceIdentity } from '@platform/service-kit';
import { AdminModule } from '../admin/admin.module';
import { AuthModule } from '../auth/auth.module';
import { BacktestsModule } from '../backtests/backtests.module';
import { BotsModule } from '../bots/bots.module';
import { ClusterModule } from '../cluster/cluster.module';
import type { GatewayConfig } from '../config/gateway.env';
import { DashboardModule } from '../dashboard/dashboard.module';
import { DocsModule } from '../docs/docs.module';
import { ExchangeAccountsModule } from '../exchange-accounts/exchange-accounts.module';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { LiveModule } from '../live/live.module';
import { MarketModule } from '../market/market.module';
import { GatewayMetricsModule } from '../metrics/gateway-metrics.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { BOT_WORKER_CLIENT, MARKET_DATA_CLIENT, peerPingPatterns } from '../peers/peer-clients';
import { PeerServiceCheck } from '../peers/peer-service.check';
import { PeersModule } from '../peers/peers.module';
import { PortfolioModule } from '../portfolio/portfolio.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { RiskLimitsModule } from '../risk-limits/risk-limits.module';
import { StrategiesModule } from '../strategies/strategies.module';
import { GatewayRedisModule } from '../redis/gateway-redis.module';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const identity = new ServiceIdentity('api-gateway');
    // A peer check must answer inside the overall health timeout.
    const peerTimeoutMs = Math.min(config.TRANSPORT_TIMEOUT_MS, config.HEALTH_CHECK_TIMEOUT_MS);
    const bots = BotsModule.forRoot({ listCacheMs: config.BOTS_LIST_CACHE_MS });
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: identity.instanceId,
          poolSize: config.GATEWAY_DATABASE_POOL_SIZE,
        }),
        GatewayRedisModule.forRoot(config.REDIS_URL),
        PeersModule.forRoot(config.REDIS_URL, config.MARKET_DATA_TIMEOUT_MS),
        RateLimitModule.forRoot({
          perIpPerMinute: config.RATE_LIMIT_PER_IP_PER_MIN,
          perUserPerMinute: config.RATE_LIMIT_PER_USER_PER_MIN,
        }),
        AuthModule.forRoot({
          sessionTtlSeconds: config.SESSION_TTL_SECONDS,
          loginThrottle: {
            failuresPerPair: config.LOGIN_FAILURES_PER_PAIR,
            maxPerAccount: config.LOGIN_FAILURES_PER_ACCOUNT,
            maxPerIp: config.LOGIN_FAILURES_PER_IP,
            windowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
            maxDelaySeconds: config.LOGIN_MAX_DELAY_SECONDS,
          },
        }),
        AdminModule.forRoot({ weightBudgets: config.EXCHANGE_WEIGHT_BUDGETS }),
        ExchangeAccountsModule.forRoot(config.ENCRYPTION_KEYS),
        MarketModule,
        LiveModule.forRoot({
          redisUrl: config.REDIS_URL,
          heartbeatMs: config.LIVE_HEARTBEAT_MS,
          retryMs: 2000,
          maxStreamsPerUser: 10,
          maxBufferedBytes: 64 * 1024,
          tickerIntervalMs: 1000,
        }),
        bots,
        BacktestsModule.forRoot({ redisUrl: config.REDIS_URL, bots }),
        PortfolioModule,
        RiskLimitsModule,
        NotificationsModule.forRoot(config, config.ENCRYPTION_KEYS),
        StrategiesModule,
        ClusterModule.forRoot({ redisUrl: config.REDIS_URL, peerTimeoutMs, identity }),
        DocsModule,
        GatewayMetricsModule.forRoot({
          redisUrl: config.REDIS_URL,
          token: config.METRICS_TOKEN,
          weightBudgets: config.EXCHANGE_WEIGHT_BUDGETS,
        }),
        DashboardModule.forRoot(config.DASHBOARD_DIR),
        HealthModule.forRoot({
          inject: [DatabaseCheck, BOT_WORKER_CLIENT, MARKET_DATA_CLIENT],
          checks: (database: DatabaseCheck, botWorker: ClientProxy, marketData: ClientProxy) => [
            database,
            new RedisCheck(config.REDIS_URL),
            new PeerServiceCheck(
              'bot-worker',
              botWorker,
              peerPingPatterns['bot-worker'],
              peerTimeoutMs,
            ),
            new PeerServiceCheck(
              'market-data',
              marketData,
              peerPingPatterns['market-data'],
              peerTimeoutMs,
            ),
          ],
          timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS,
        }),
      ],
      providers: [
        { provide: ServiceIdentity, useValue: identity },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
