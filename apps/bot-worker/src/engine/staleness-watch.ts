import type { Claim } from '@platform/persistence';
import type { TradingRecords } from './engine-context';
import type { MarketView } from './market-hub';

/** How many stale windows a new bot waits for its feed's first current snapshot, silently. */
const FIRST_SNAPSHOT_GRACE = 3;

/** A turn of the data not recorded yet: stale (with its age) or current again. */
type Change = { stale: true; ageMs: number | null } | { stale: false };
const CURRENT_AGAIN: Change = { stale: false };

/**
 * Whether a bot would act on stale market data: `market.stale` is recorded once when data
 * turns stale and `market.fresh` when it is current again. A new bot first waits, silently, for
 * its feed's first current snapshot (a snapshot left from before it started is no news).
 * Judging is synchronous (every bot, every evaluation); only a turn is written (`recordChange`).
 */
export class StalenessWatch {
  private staleSince: number | null = null;
  private readonly startedAt = performance.now();
  private sawFreshData = false;
  private change: Change | null = null;

  constructor(
    private readonly repo: TradingRecords,
    private readonly claim: Claim,
    private readonly staleAfterMs: number,
  ) {}

  /** Whether the view is too old to act on; a turn either way waits in `hasChange`. */
  isStale(view: MarketView, now: number): boolean {
    const age = now - view.tickerAt;
    if (age <= this.staleAfterMs) {
      this.sawFreshData = true;
      if (this.staleSince !== null) {
        this.staleSince = null;
        this.change = CURRENT_AGAIN;
      }
      return false;
    }
    const waitingForFirst =
      !this.sawFreshData &&
      performance.now() - this.startedAt < FIRST_SNAPSHOT_GRACE * this.staleAfterMs;
    if (waitingForFirst || this.staleSince !== null) return true;
    this.staleSince = now;
    this.change = { stale: true, ageMs: age };
    return true;
  }

  /**
   * No view of the feed at all (market-data never wrote one): after the first-snapshot grace
   * this counts as stale data too, so the bot's events say why it does nothing.
   */
  noView(now: number): void {
    if (this.sawFreshData || this.staleSince !== null) return;
    if (performance.now() - this.startedAt < FIRST_SNAPSHOT_GRACE * this.staleAfterMs) return;
    this.staleSince = now;
    this.change = { stale: true, ageMs: null };
  }

  /** True when the data turned (stale, or current again) and the event is not written yet. */
  get hasChange(): boolean {
    return this.change !== null;
  }

  /** Writes the event of the last turn (once: a failed write is not repeated). */
  async recordChange(): Promise<void> {
    const change = this.change;
    this.change = null;
    if (!change) return;
    if (!change.stale) {
      await this.repo.event(this.claim, 'market.fresh', 'market data is current again');
      return;
    }
    if (change.ageMs === null) {
      await this.repo.event(this.claim, 'market.stale', 'no market data yet: not acting');
      return;
    }
    await this.repo.event(
      this.claim,
      'market.stale',
      `market data ${change.ageMs} ms old: not acting on it`,
      { ageMs: change.ageMs },
    );
  }
}
