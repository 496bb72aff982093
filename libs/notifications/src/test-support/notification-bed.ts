import { KeyRing } from '@platform/exchange';
import {
  createDataSource,
  NotificationChannelsStore,
  runMigrations,
  type Sql,
  sqlOver,
} from '@platform/persistence';
import { loadEnv } from '@platform/service-kit';
import {
  createTestDatabase,
  newEncryptionKeys,
  seedBot,
  seedOrder,
  seedTrade,
  seedUser,
  type TestDatabase,
  TestRedisServer,
} from '@platform/testing';
import { randomUUID } from 'node:crypto';
import { sealChannelSecret } from '../lib/channel-secrets';
import { type NotifyConfig, notifyEnv } from '../lib/notify-env';
import {
  NotificationWorkers,
  type NotificationWorkersOptions,
} from '../lib/queue/notification-workers';

/** A migrated database, a redis-server, a key ring, and notification workers on them. */
export class NotificationBed {
  readonly keyRing = KeyRing.parse(newEncryptionKeys());
  readonly channels: NotificationChannelsStore;
  private readonly started: NotificationWorkers[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly redis: TestRedisServer,
    private readonly dataSource: ReturnType<typeof createDataSource>,
    readonly sql: Sql,
  ) {
    this.channels = new NotificationChannelsStore(sql);
  }

  static async start(): Promise<NotificationBed> {
    const [db, redis] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
    ]);
    const dataSource = await createDataSource({ url: db.url, poolSize: 8 }).initialize();
    return new NotificationBed(db, redis, dataSource, sqlOver(dataSource));
  }

  config(env: Record<string, string> = {}): NotifyConfig {
    return loadEnv(notifyEnv, {
      NOTIFY_DISPATCH_INTERVAL_MS: '50',
      NOTIFY_BACKOFF_MS: '100',
      NOTIFY_CHANNEL_INTERVAL_MS: '0',
      NOTIFY_SEND_TIMEOUT_MS: '3000',
      NOTIFY_WEBHOOK_ALLOW_PRIVATE: 'true',
      ...env,
    });
  }

  /** Workers on the bed (a separate Postgres pool and Redis connections each). */
  async startWorkers(
    env: Record<string, string> = {},
    options: Partial<NotificationWorkersOptions> = {},
  ): Promise<NotificationWorkers> {
    const dataSource = await createDataSource({ url: this.db.url, poolSize: 4 }).initialize();
    const workers = new NotificationWorkers({
      sql: sqlOver(dataSource),
      redisUrl: this.redis.url,
      config: this.config(env),
      keyRing: this.keyRing,
      ...options,
    });
    await workers.start();
    const stop = workers.stop.bind(workers);
    workers.stop = async () => {
      await stop();
      await dataSource.destroy();
    };
    this.started.push(workers);
    return workers;
  }

  async stopWorkers(): Promise<void> {
    await Promise.all(this.started.splice(0).map((w) => w.stop()));
  }

  async user() {
    return seedUser(this.sql);
  }

  async bot(userId: string) {
    return seedBot(this.sql, { user: userId, state: 'running' });
  }

  async setPreferences(botId: string, preferences: Record<string, boolean>) {
    const columns = Object.keys(preferences);
    await this.sql.query(
      `INSERT INTO notification_preferences (bot_id, ${columns.join(', ')})
       VALUES ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')})
       ON CONFLICT (bot_id) DO UPDATE SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')}`,
      [botId, ...columns.map((c) => preferences[c])],
    );
  }

  /** A channel of the user, its secret sealed as the gateway seals it. */
  async channel(
    userId: string,
    kind: 'telegram' | 'webhook' | 'email',
    target: Record<string, string>,
    secret: string | null,
  ): Promise<string> {
    const id = randomUUID();
    await this.channels.insert({
      id,
      userId,
      kind,
      label: `${kind}-${id.slice(0, 8)}`,
      target,
      secret: secret ? sealChannelSecret(this.keyRing, id, secret) : null,
    });
    return id;
  }

  /** A filled order with one trade (the trigger writes the fill's event in the same insert). */
  async fill(botId: string): Promise<string> {
    const order = await seedOrder(this.sql, botId);
    return (await seedTrade(this.sql, order, { price: '30000', amount: '0.1' })).id;
  }

  async delivery(eventKey: string) {
    const [row] = await this.sql.query<{ status: string; attempts: number; last_error: string }>(
      `SELECT d.status, d.attempts, d.last_error FROM notification_deliveries d
         JOIN notification_events e ON e.id = d.event_id WHERE e.event_key = $1`,
      [eventKey],
    );
    return row;
  }

  async close(): Promise<void> {
    await this.stopWorkers();
    await this.dataSource.destroy();
    await this.redis.stop();
    await this.db.drop();
  }
}
