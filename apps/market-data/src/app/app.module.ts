import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseCheck, PersistenceModule } from '@platform/persistence';
import { HealthModule, RedisCheck, ServiceIdentity } from '@platform/service-kit';
import type { MarketDataConfig } from '../config/market-data.env';
import { PingController } from '../ping/ping.controller';

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
        HealthModule.forRoot({
          inject: [DatabaseCheck],
          checks: (database: DatabaseCheck) => [database, new RedisCheck(config.REDIS_URL)],
          timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS,
        }),
      ],
      controllers: [PingController],
      providers: [{ provide: ServiceIdentity, useValue: identity }],
    };
  }
}
