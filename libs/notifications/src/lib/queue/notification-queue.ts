import { redisConnectionOptions } from '@platform/redis';
import type { ConnectionOptions, DefaultJobOptions } from 'bullmq';
import type { OutboxDelivery } from '@platform/persistence';

/** One message: an outbox event to one channel. */
export interface DeliveryJob {
  eventId: string;
  channelId: string;
}

export interface QueueNames {
  deliveries: string;
  summaries: string;
}

/** The queues on the shared Redis (a prefix keeps tests' queues apart). */
export const queueNames = (prefix = 'notifications'): QueueNames => ({
  deliveries: `${prefix}-deliveries`,
  summaries: `${prefix}-summaries`,
});

/**
 * The job id of a delivery: the event key and the channel. BullMQ adds a job whose id exists
 * (waiting, delayed, active, or completed and kept) as a no-op, so a second dispatch of the
 * same event from any replica queues nothing. BullMQ refuses ':' in custom ids.
 */
export const deliveryJobId = (delivery: Pick<OutboxDelivery, 'eventKey' | 'channelId'>) =>
  `${delivery.eventKey.replaceAll(':', '.')}@${delivery.channelId}`;

/**
 * BullMQ makes its own connections; workers block on Redis, so no retry cap per request. A
 * Sentinel group's options are the ones every other client uses, so the queues follow the master.
 */
export const bullConnection = (redisUrl: string): ConnectionOptions =>
  // ioredis' own options, which BullMQ hands to ioredis; its looser copy of their type differs
  // only in how it spells the callbacks
  ({
    ...redisConnectionOptions(redisUrl),
    maxRetriesPerRequest: null,
  }) as ConnectionOptions;

export const deliveryJobOptions = (maxAttempts: number, backoffMs: number): DefaultJobOptions => ({
  attempts: maxAttempts,
  backoff: { type: 'exponential', delay: backoffMs },
  // kept a week: a job id seen again (a redispatch) within that time is not queued twice;
  // the delivery row in Postgres guards after that
  removeOnComplete: { age: 7 * 24 * 3600, count: 200_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
});
