import type { KeyRing } from '@platform/exchange';
import {
  NotificationChannelsStore,
  NotificationOutboxStore,
  type Sql,
} from '@platform/persistence';
import { closeRedis, createRedis, type RedisClient } from '@platform/redis';
import { Queue, Worker } from 'bullmq';
import { ChannelSender } from '../channels/channel-sender';
import type { NotifyConfig } from '../notify-env';
import { ChannelRateLimit } from './channel-rate-limit';
import { DeliveryProcessor, type DeliveryResult } from './delivery-processor';
import {
  bullConnection,
  type DeliveryJob,
  deliveryJobOptions,
  queueNames,
} from './notification-queue';
import { OutboxDispatcher } from './outbox-dispatcher';

export interface NotificationWorkersOptions {
  sql: Sql;
  redisUrl: string;
  config: NotifyConfig;
  keyRing: KeyRing | null;
  /** Keeps tests' queues apart; default `notifications`. */
  queuePrefix?: string;
  onError?: (error: unknown) => void;
  onDelivery?: (result: DeliveryResult, job: DeliveryJob) => void;
}

const DAY_MS = 24 * 3600 * 1000;

/** The UTC day before `now`, YYYY-MM-DD: what a daily summary that runs now covers. */
export const previousUtcDay = (now: number) => new Date(now - DAY_MS).toISOString().slice(0, 10);

/**
 * A process's share of the notification work (every bot-worker replica runs one): the outbox
 * dispatcher, a BullMQ worker that sends deliveries, and the daily-summary schedule (one job
 * per day across replicas: the scheduler's id is the same everywhere).
 */
export class NotificationWorkers {
  readonly outbox: NotificationOutboxStore;
  readonly deliveries: Queue<DeliveryJob>;
  readonly dispatcher: OutboxDispatcher;
  private readonly summaries: Queue;
  private readonly redis: RedisClient;
  private readonly sender: ChannelSender;
  private workers: Worker[] = [];

  constructor(private readonly options: NotificationWorkersOptions) {
    const { config, redisUrl, sql } = options;
    const names = queueNames(options.queuePrefix);
    const connection = bullConnection(redisUrl);
    const onError = options.onError ?? (() => undefined);
    this.outbox = new NotificationOutboxStore(sql);
    this.deliveries = new Queue<DeliveryJob>(names.deliveries, {
      connection,
      defaultJobOptions: deliveryJobOptions(config.NOTIFY_MAX_ATTEMPTS, config.NOTIFY_BACKOFF_MS),
    });
    this.summaries = new Queue(names.summaries, {
      connection,
      defaultJobOptions: { removeOnComplete: 30, removeOnFail: 100 },
    });
    this.deliveries.on('error', onError);
    this.summaries.on('error', onError);
    this.redis = createRedis(redisUrl, 'command');
    this.sender = new ChannelSender(config, options.keyRing);
    this.dispatcher = new OutboxDispatcher(
      this.outbox,
      this.deliveries,
      config.NOTIFY_DISPATCH_INTERVAL_MS,
      onError,
    );
  }

  async start(): Promise<void> {
    const { config, redisUrl, sql } = this.options;
    const names = queueNames(this.options.queuePrefix);
    const connection = bullConnection(redisUrl);
    const processor = new DeliveryProcessor(
      this.outbox,
      new NotificationChannelsStore(sql),
      this.sender,
      new ChannelRateLimit(this.redis, config.NOTIFY_CHANNEL_INTERVAL_MS, this.options.queuePrefix),
      { maxAttempts: config.NOTIFY_MAX_ATTEMPTS, failAfter: config.NOTIFY_FAIL_AFTER },
    );
    const deliveries = new Worker<DeliveryJob, DeliveryResult>(
      names.deliveries,
      (job, token) => processor.process(job, token),
      { connection, concurrency: config.NOTIFY_CONCURRENCY },
    );
    deliveries.on('completed', (job, result) => this.options.onDelivery?.(result, job.data));
    const summaries = new Worker(
      names.summaries,
      async () => this.outbox.writeDailySummaries(previousUtcDay(Date.now())),
      { connection, concurrency: 1 },
    );
    for (const worker of [deliveries, summaries])
      worker.on('error', this.options.onError ?? (() => undefined));
    this.workers = [deliveries, summaries];
    const { hour, minute } = config.NOTIFY_DAILY_SUMMARY_AT;
    await this.summaries.upsertJobScheduler(
      'daily-summary',
      { pattern: `${minute} ${hour} * * *`, tz: 'UTC' },
      { name: 'daily-summary' },
    );
    this.dispatcher.start();
  }

  async stop(): Promise<void> {
    await this.dispatcher.stop();
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([this.deliveries.close(), this.summaries.close()]);
    await closeRedis(this.redis);
    this.sender.close();
  }
}
