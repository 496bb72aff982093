import { BACKTEST_JOB_NAME, type BacktestJob, backtestQueueName } from '@platform/contracts';
import { bullConnection } from '@platform/notifications';
import { type JobsOptions, Queue } from 'bullmq';

/**
 * How a job is retried: an error a run throws (the exchange away, Postgres restarting) is tried
 * twice more after a pause; what cannot succeed (no candles, params the engine refuses) is stored
 * as failed by the run itself and never thrown. A job's id is its backtest's id: adding it again
 * (the gateway's add, a worker's re-queue of a row whose job was lost) queues nothing twice.
 */
export const BACKTEST_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  // the row in Postgres holds the outcome; the queue keeps finished jobs only so that a late
  // re-add of the same id within the hour is a no-op
  removeOnComplete: { age: 3600, count: 50_000 },
  removeOnFail: { age: 24 * 3600, count: 50_000 },
};

/**
 * A backtest job's lock and the stalled-job check, from `lockMs` (BACKTEST_LOCK_MS):
 * - BullMQ renews the lock of a running job every lockMs / 2 from a timer, so the job's
 *   event loop must turn within lockMs: the run yields to it at each progress step (every few
 *   thousand candles, milliseconds apart), and the candle loading awaits I/O anyway.
 * - A worker killed with -9 renews nothing: its lock expires after at most lockMs, and the next
 *   stalled check of any live worker (every stalledInterval = lockMs / 2) moves the job back to
 *   wait, where a free worker takes it. So a dead worker's backtest is running again within
 *   about 1.5 x lockMs (15 s at the 10 s default), without any worker being its owner twice
 *   (the attempt in Postgres fences the old run's writes).
 * - maxStalledCount 2: a job whose workers die twice (a backtest that kills its process, say by
 *   running out of memory) is failed instead of taking down worker after worker.
 * Shorter locks detect a death sooner but cost more Redis calls and risk a false stall under a
 * long pause (a GC, a busy machine); 10 s keeps that risk small at a few calls per job.
 */
export const backtestWorkerTimings = (lockMs: number) => ({
  lockDuration: lockMs,
  stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
  maxStalledCount: 2,
});

/** The producer's side (the gateway; workers re-queue lost jobs through it too). */
export class BacktestQueue {
  readonly queue: Queue<BacktestJob>;

  constructor(redisUrl: string, prefix?: string, onError?: (error: unknown) => void) {
    this.queue = new Queue<BacktestJob>(backtestQueueName(prefix), {
      connection: bullConnection(redisUrl),
      defaultJobOptions: BACKTEST_JOB_OPTIONS,
    });
    this.queue.on('error', onError ?? (() => undefined));
  }

  /** Queues one job per backtest (a sweep's in one call); ids already queued are no-ops. */
  async add(backtestIds: readonly string[]): Promise<void> {
    for (let i = 0; i < backtestIds.length; i += 500)
      await this.queue.addBulk(
        backtestIds.slice(i, i + 500).map((backtestId) => ({
          name: BACKTEST_JOB_NAME,
          data: { backtestId },
          opts: { jobId: backtestId },
        })),
      );
  }

  /**
   * Takes a waiting job off the queue (a cancel or delete). A running job is locked by its
   * worker and stays: the run sees the row cancelled or gone at its next progress write.
   */
  async remove(backtestIds: readonly string[]): Promise<void> {
    await Promise.all(backtestIds.map((id) => this.queue.remove(id).catch(() => 0)));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
