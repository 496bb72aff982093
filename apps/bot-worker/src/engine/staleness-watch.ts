import type { Claim, TradingRepository } from '@platform/persistence';
import type { MarketView } from './market-hub';

/** How many stale windows a new bot waits for its feed's first current snapshot, silently. */
const FIRST_SNAPSHOT_GRACE = 3;

/**
 * Whether a bot would act on stale market data: `market.stale` is recorded once when data
 * turns stale and `market.fresh` when it is current again. A new bot first waits, silently, for
 * its feed's first current snapshot (a snapshot left from before it started is no news).
 */
export class StalenessWatch {
  private staleSince: number | null = null;
  private readonly startedAt = performance.now();
  private sawFreshData = false;

  constructor(
    private readonly repo: TradingRepository,
    private readonly claim: Claim,
    private readonly staleAfterMs: number,
  ) {}

  async isStale(view: MarketView, now: number): Promise<boolean> {
    const age = now - view.tickerAt;
    if (age <= this.staleAfterMs) {
      this.sawFreshData = true;
      if (this.staleSince !== null) {
        this.staleSince = null;
        await this.repo.event(this.claim, 'market.fresh', 'market data is current again');
      }
      return false;
    }
    const waitingForFirst =
      !this.sawFreshData &&
      performance.now() - this.startedAt < FIRST_SNAPSHOT_GRACE * this.staleAfterMs;
    if (waitingForFirst || this.staleSince !== null) return true;
    this.staleSince = now;
    await this.repo.event(
      this.claim,
      'market.stale',
      `market data ${age} ms old: not acting on it`,
      {
        ageMs: age,
      },
    );
    return true;
  }
}
