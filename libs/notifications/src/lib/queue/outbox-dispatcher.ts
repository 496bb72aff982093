import type { NotificationOutboxStore } from '@platform/persistence';
import type { Queue } from 'bullmq';
import { withTimeout } from '@platform/service-kit';
import { type DeliveryJob, deliveryJobId } from './notification-queue';

const BATCH = 200;
// While Redis is away BullMQ waits for it; the events' rows stay locked meanwhile, so give up
// (roll back) and try again on the next pass instead.
const ENQUEUE_TIMEOUT_MS = 5000;

/**
 * Moves new outbox events into the delivery queue, on a timer, in every replica: replicas skip
 * each other's locked rows (SKIP LOCKED), and an event queued twice (a crash between the queue
 * and the commit) is one job, because the job id is the event key and the channel.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly outbox: NotificationOutboxStore,
    private readonly queue: Queue<DeliveryJob>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: everything that is waiting (in batches). Returns how many events moved. */
  async dispatchAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.outbox.dispatch(BATCH, async (deliveries) => {
        if (deliveries.length === 0) return;
        await withTimeout(
          this.queue.addBulk(
            deliveries.map((d) => ({
              name: 'deliver',
              data: { eventId: d.eventId, channelId: d.channelId },
              opts: { jobId: deliveryJobId(d) },
            })),
          ),
          ENQUEUE_TIMEOUT_MS,
          `the queue did not answer within ${ENQUEUE_TIMEOUT_MS} ms`,
        );
      });
      total += moved;
      if (moved < BATCH || this.stopped) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.dispatchAll()
        .then(
          () => undefined,
          (error: unknown) => this.onError(error),
        )
        .finally(() => {
          this.running = null;
          this.schedule(this.intervalMs);
        });
    }, delayMs);
  }
}
