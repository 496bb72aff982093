import type { NotificationChannelsStore, NotificationOutboxStore } from '@platform/persistence';
import { DelayedError, type Job } from 'bullmq';
import type { ChannelSender } from '../channels/channel-sender';
import { messageFor } from '../messages';
import type { ChannelRateLimit } from './channel-rate-limit';
import type { DeliveryJob } from './notification-queue';

export type DeliveryResult = 'delivered' | 'failed' | 'done' | 'uncertain' | 'gone';

export interface DeliveryProcessorOptions {
  maxAttempts: number;
  failAfter: number;
}

/** How long a job queued before its dispatcher's commit waits to look again. */
const NOT_DISPATCHED_DELAY_MS = 250;

/** A send that failed and will be retried by BullMQ (with exponential backoff). */
class SendFailed extends Error {}

/**
 * Sends one delivery job, at most once: the delivery row in Postgres is claimed (`sending`)
 * before the send and settled after it, so a delivered message, or one whose attempt died
 * mid-send, is never sent again, whichever replica runs the job and however often it is added.
 */
export class DeliveryProcessor {
  constructor(
    private readonly outbox: NotificationOutboxStore,
    private readonly channels: NotificationChannelsStore,
    private readonly sender: ChannelSender,
    private readonly rateLimit: ChannelRateLimit,
    private readonly options: DeliveryProcessorOptions,
  ) {}

  async process(job: Job<DeliveryJob>, token?: string): Promise<DeliveryResult> {
    const { eventId, channelId } = job.data;
    const channel = await this.channels.loadDeliverable(channelId);
    if (!channel) return 'gone';
    const waitMs = await this.rateLimit.reserve(channelId);
    if (waitMs > 0) return this.delay(job, token, waitMs);

    const start = await this.outbox.startAttempt(eventId, channelId);
    // queued by a dispatcher whose transaction has not committed yet: not a failed send, so
    // it spends no attempt (it did: a channel then failed after one real try fewer)
    if (start.kind === 'not_dispatched') return this.delay(job, token, NOT_DISPATCHED_DELAY_MS);
    if (start.kind !== 'send') return start.kind;
    if (!channel.enabled) {
      await this.settle(eventId, channelId, 'failed', 'the channel is disabled');
      return 'failed';
    }

    const outcome = await this.sender.send(channel, messageFor(start.event));

    if (outcome.ok) {
      await this.settle(eventId, channelId, 'delivered', null);
      await this.channels.recordSuccess(channelId);
      return 'delivered';
    }
    await this.channels.recordFailure(
      channelId,
      outcome.error,
      outcome.permanent,
      this.options.failAfter,
    );
    const lastAttempt = job.attemptsMade + 1 >= this.options.maxAttempts;
    if (outcome.permanent || lastAttempt) {
      await this.settle(eventId, channelId, 'failed', outcome.error);
      return 'failed';
    }
    await this.settle(eventId, channelId, 'retry', outcome.error);
    if (outcome.retryAfterMs !== undefined) return this.delay(job, token, outcome.retryAfterMs);
    throw new SendFailed(outcome.error);
  }

  /** Postpones the job without spending an attempt (rate limit, the target's Retry-After). */
  private async delay(job: Job, token: string | undefined, ms: number): Promise<never> {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }

  // The outcome must reach Postgres: a delivery left `sending` is never sent again.
  private async settle(
    eventId: string,
    channelId: string,
    outcome: 'delivered' | 'retry' | 'failed',
    error: string | null,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.outbox.finishAttempt(eventId, channelId, outcome, error);
      } catch (failure) {
        if (attempt >= 3) throw failure;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }
}
