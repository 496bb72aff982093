import { Logger } from '@nestjs/common';
import { messageOf } from '@platform/contracts';
import type { FeedKey } from '@platform/market-snapshots';
import type {
  Claim,
  EquityRecording,
  EquityRollup,
  EquitySnapshotsRepository,
  PortfolioTotals,
} from '@platform/persistence';
import type { MarketView } from './market-hub';

/** The last price of a bot's market: the worker's MarketHub. */
export interface PriceSource {
  view(feed: FeedKey): MarketView | null;
}

const MINUTE_MS = 60_000;
/** After the minute turns (by Postgres' clock), write this long into it: spreads the workers. */
const PHASE_MIN_MS = 1000;
const PHASE_SPREAD_MS = 10_000;
/** Any worker thins old history (EquityRollup) about once an hour; one at a time. */
const ROLLUP_EVERY_MINUTES = 60;

/** The jobs over the history that any worker may run (each one runner at a time). */
export interface EquityJobs {
  /** Each minute: the users' totals (PortfolioTotals). */
  totals: Pick<PortfolioTotals, 'run'>;
  /** About hourly: the thinning of old rows (EquityRollup). */
  rollup: Pick<EquityRollup, 'run'>;
}

/** How long to wait for the next minute's write, counted on Postgres' clock, not this host's. */
export function msUntilNextWrite(databaseNow: Date, phaseMs: number): number {
  return MINUTE_MS - (databaseNow.getTime() % MINUTE_MS) + phaseMs;
}

/**
 * Each minute, the equity of every bot this worker holds, in one statement (the repository
 * fences each bot in it), then the users' totals and, about hourly, the roll-up. Bots are
 * tracked from the moment their engine is built; one whose claim is no longer current (taken
 * over, released, deleted) is forgotten after the statement says so. Nothing here runs in a
 * bot's evaluation: the hot path does not pay for it.
 */
export class EquitySnapshots {
  private readonly logger = new Logger(EquitySnapshots.name);
  private readonly held = new Map<string, { claim: Claim; feed: FeedKey }>();
  private readonly phaseMs = PHASE_MIN_MS + Math.floor(Math.random() * PHASE_SPREAD_MS);
  private minutesToRollup = 1 + Math.floor(Math.random() * ROLLUP_EVERY_MINUTES);
  private timer?: NodeJS.Timeout;
  private writing?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly repo: EquitySnapshotsRepository,
    private readonly jobs: EquityJobs,
    private readonly prices: PriceSource,
  ) {}

  /** From now on the bot's equity is written each minute under `claim` (a newer one replaces it). */
  track(claim: Claim, feed: FeedKey): void {
    this.held.set(claim.botId, { claim, feed });
  }

  get trackedBotIds(): string[] {
    return [...this.held.keys()];
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.writing?.catch(() => undefined);
  }

  /** This minute's row of every tracked bot; bots whose claim is no longer current are dropped. */
  async write(): Promise<EquityRecording> {
    const tracked = [...this.held.values()];
    const recording = await this.repo.record(
      tracked.map(({ claim, feed }) => ({
        claim,
        price: this.prices.view(feed)?.ticker.last ?? null,
      })),
    );
    const current = new Set(recording.current);
    // unless a newer claim of this worker replaced it during the statement
    for (const { claim } of tracked)
      if (!current.has(claim.botId) && this.held.get(claim.botId)?.claim === claim)
        this.held.delete(claim.botId);
    return recording;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    const writing = this.write();
    this.writing = writing;
    try {
      this.schedule(msUntilNextWrite((await writing).databaseNow, this.phaseMs));
    } catch (error) {
      this.logger.warn(`equity snapshot not written: ${messageOf(error)}`);
      this.schedule(MINUTE_MS);
    }
    if (this.stopped) return;
    await this.jobs.totals.run().catch((error: unknown) => {
      this.logger.warn(`portfolio totals not summed: ${messageOf(error)}`);
    });
    if (--this.minutesToRollup > 0 || this.stopped) return;
    this.minutesToRollup = ROLLUP_EVERY_MINUTES;
    await this.jobs.rollup.run().catch((error: unknown) => {
      this.logger.warn(`equity roll-up failed: ${messageOf(error)}`);
    });
  }
}
