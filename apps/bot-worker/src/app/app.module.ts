import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseCheck, PersistenceModule } from '@platform/persistence';
import { HealthModule, RedisCheck, ServiceIdentity } from '@platform/service-kit';
import type { BotWorkerConfig } from '../config/bot-worker.env';
import { SupervisorModule } from '../supervisor/supervisor.module';

@Module({})
export class AppModule {
  static forRoot(config: BotWorkerConfig): DynamicModule {
    const identity = new ServiceIdentity('bot-worker');
    return {
      module: AppModule,
      global: true,
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
        SupervisorModule.forRoot({ reconcileIntervalMs: config.RECONCILE_INTERVAL_MS }),
      ],
      providers: [{ provide: ServiceIdentity, useValue: identity }],
      exports: [ServiceIdentity],
    };
  }
}
