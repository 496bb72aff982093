import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { KeyRing } from '@platform/exchange';
import { SQL, type Sql } from '@platform/persistence';
import type { NotifyConfig } from './notify-env';
import { NotificationWorkers } from './queue/notification-workers';

export interface NotificationsModuleOptions {
  redisUrl: string;
  config: NotifyConfig;
  keyRing: KeyRing | null;
}

const OPTIONS = Symbol('NOTIFICATIONS_OPTIONS');

/**
 * Runs this process's notification workers (dispatcher, delivery worker, daily summary) when
 * NOTIFY_WORKERS is on; stopped before the process's connections close. Needs PersistenceModule.
 */
@Module({})
export class NotificationsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('notifications');
  private workers: NotificationWorkers | null = null;
  private starting: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(OPTIONS) private readonly options: NotificationsModuleOptions,
  ) {}

  static forRoot(options: NotificationsModuleOptions): DynamicModule {
    return { module: NotificationsModule, providers: [{ provide: OPTIONS, useValue: options }] };
  }

  onApplicationBootstrap(): void {
    const { config, redisUrl, keyRing } = this.options;
    if (!config.NOTIFY_WORKERS) return;
    if (!keyRing)
      this.log.warn(
        'ENCRYPTION_KEYS is not set: Telegram and webhook channels cannot be opened to send',
      );
    this.workers = new NotificationWorkers({
      sql: this.sql,
      redisUrl,
      config,
      keyRing,
      onError: (error) =>
        this.log.warn(`notification work failed: ${(error as Error)?.message ?? String(error)}`),
    });
    // not awaited: a Redis that is away at start-up must not keep the worker from starting
    // its bots (BullMQ connects and schedules once Redis answers)
    this.starting = this.workers
      .start()
      .catch((error: unknown) =>
        this.log.warn(`notification workers did not start: ${(error as Error)?.message}`),
      );
  }

  async beforeApplicationShutdown(): Promise<void> {
    // a start still waiting for Redis is not waited for long: closing ends it
    await Promise.race([this.starting, new Promise((resolve) => setTimeout(resolve, 1000))]);
    await this.workers?.stop();
  }
}
