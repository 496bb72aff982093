import { Logger } from '@nestjs/common';
import {
  type BacktestJob,
  backtestProgressEvent,
  type BacktestStatus,
  messageOf,
} from '@platform/contracts';
import { ExchangeError } from '@platform/exchange';
import type { BacktestsStore } from '@platform/persistence';
import type { LivePublisher } from '@platform/service-kit';
import { DelayedError, type Job } from 'bullmq';
import { firstAtOrAfter } from '../backtest/candle-replay';
import { warmUpMs } from '../backtest/history-candles';
import {
  BacktestCancelled,
  BacktestInputError,
  checkBacktest,
  runBacktest,
} from '../backtest/run-backtest';
import { type BacktestCandleSource, BacktestSourceError } from './backtest-candle-source';

export interface BacktestProcessorSettings {
  workerId: string;
  /** Progress is stored (and published) at most this often, and at the end. */
  progressIntervalMs: number;
  /** Test harness only: a pause at each progress step, so a test can catch a run midway. */
  progressDelayMs: number;
}

/** What one job did (the job's return value, for logs and tests). */
export type BacktestOutcome =
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'nothing to run'
  | 'superseded';

/** How often (in 1m candles) a run reports progress, and so looks for a stop. */
const PROGRESS_EVERY_CANDLES = 2000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Errors worth the job's next attempt: the exchange or the network away for a moment. */
const transient = (error: unknown) =>
  (error instanceof ExchangeError && error.retryable) ||
  // Postgres or Redis unreachable: the node error codes of a refused or cut connection
  ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03'].includes(
    (error as { code?: string } | null)?.code ?? '',
  );

/**
 * Runs one backtest job: takes the backtest in Postgres under a new attempt (fencing an earlier
 * run, e.g. of a worker that was killed), loads its candles, runs the engine, and stores the
 * result under that attempt. Progress goes to Postgres at most every progressIntervalMs, and to
 * the owner's live stream with it; a progress write that finds the backtest no longer this run's
 * (cancelled, deleted, taken over) stops the run at once through the engine's `cancelled` hook.
 */
export class BacktestProcessor {
  private readonly log = new Logger('backtests');

  constructor(
    private readonly store: BacktestsStore,
    private readonly source: BacktestCandleSource,
    private readonly live: LivePublisher,
    private readonly settings: BacktestProcessorSettings,
    /** True once the process is shutting down: runs stop and their jobs go back to the queue. */
    private readonly shuttingDown: () => boolean,
  ) {}

  async process(job: Job<BacktestJob>, token?: string): Promise<BacktestOutcome> {
    const id = job.data.backtestId;
    const claimed = await this.store.claim(id, this.settings.workerId);
    if (!claimed) return 'nothing to run';
    const { attempt, userId, sweepId, definition } = claimed;
    const publish = (status: BacktestStatus, progress: number) =>
      this.live.publish(userId, backtestProgressEvent(id, sweepId, status, progress));
    publish('running', 0);

    let stop: 'cancelled' | 'shutdown' | null = null;
    let lastWrite = Date.now();
    const onProgress = async (done: number, total: number) => {
      if (this.settings.progressDelayMs > 0) await sleep(this.settings.progressDelayMs);
      const now = Date.now();
      if (now - lastWrite >= this.settings.progressIntervalMs) {
        lastWrite = now;
        const progress = total > 0 ? done / total : 1;
        if (await this.store.progress(id, attempt, progress)) publish('running', progress);
        else stop = 'cancelled';
      } else {
        // lets BullMQ's lock renewal and the stalled check run between engine stretches
        await yieldToLoop();
      }
      if (stop === null && this.shuttingDown()) stop = 'shutdown';
    };

    const started = Date.now();
    try {
      // the strategy's warm-up before the range, exactly as the CLI reads it
      const { strategy, params } = checkBacktest(definition);
      const warmUp = warmUpMs(definition.timeframe, strategy.candlesNeeded(params));
      const [market, candles] = await Promise.all([
        this.source.market(definition),
        this.source.candles({
          exchangeId: definition.exchangeId,
          symbol: definition.symbol,
          from: definition.from - warmUp,
          to: definition.to,
        }),
      ]);
      if (firstAtOrAfter(candles, definition.from) >= candles.count)
        throw new BacktestSourceError(
          `no candles of ${definition.symbol} on ${definition.exchangeId} between ${new Date(definition.from).toISOString()} and ${new Date(definition.to).toISOString()}: the market has no history in this range`,
        );
      const loaded = Date.now();
      const result = await runBacktest(definition, candles, market, {
        onProgress,
        cancelled: () => stop !== null,
        // a stop (cancel, shutdown) is seen within a few thousand candles; the writes are
        // throttled by time above
        progressEvery: PROGRESS_EVERY_CANDLES,
      });
      if (!(await this.store.succeed(id, attempt, result))) return 'superseded';
      this.log.log(
        `backtest ${id} (attempt ${attempt}): ${candles.count} candles loaded in ${loaded - started} ms, run in ${Date.now() - loaded} ms`,
      );
      publish('succeeded', 1);
      return 'succeeded';
    } catch (error) {
      if (stop === 'shutdown') {
        // back to the queue without spending an attempt; the next run takes a new attempt
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      if (stop === 'cancelled' || error instanceof BacktestCancelled) return 'cancelled';
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (transient(error) && !lastAttempt) {
        this.log.warn(`backtest ${id}: ${messageOf(error)} (the job is tried again)`);
        throw error;
      }
      const message =
        error instanceof BacktestInputError
          ? error.message
          : `the backtest failed: ${messageOf(error)}`;
      this.log.warn(`backtest ${id} failed: ${messageOf(error)}`);
      if (!(await this.store.fail(id, attempt, message))) return 'superseded';
      publish('failed', 0);
      return 'failed';
    }
  }

  /**
   * BullMQ gave up on a job without the processor storing why: its workers died mid-run more
   * often than maxStalledCount allows, or its last attempt threw past the processor (Postgres
   * away while it stored the failure). The backtest fails with that reason, whichever run it is
   * in; an attempt that will be retried is left alone.
   */
  async abandoned(job: Job<BacktestJob> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const stalled = /stalled/i.test(error.message);
    if (!stalled && job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const failed = await this.store.fail(
      job.data.backtestId,
      null,
      stalled
        ? 'the backtest stopped its workers repeatedly (they died while running it) and was given up'
        : `the backtest failed: ${error.message}`,
    );
    if (failed) this.log.warn(`backtest ${job.data.backtestId} given up: ${error.message}`);
  }
}
