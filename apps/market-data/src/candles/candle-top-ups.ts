import { type Candle } from '@platform/exchange';
import { type FeedKey, feedId } from '@platform/market-snapshots';
import type { CandleStore } from '@platform/persistence';
import type { CandleBackfill } from './candle-backfill';

/** How often a held feed's stored history is checked for gaps (and they are refetched). */
export const GAP_CHECK_MS = 60_000;

interface FeedHistory {
  /** Open time of the newest candle stored (or seen stored) for this feed. */
  storedThrough: number;
  lastGapCheck: number;
  /**
   * The end of the last gap check that succeeded: the next one starts there, so a range the
   * exchange has no candles for (before a listing, an outage) is not asked for again and again.
   */
  checkedThrough: number | null;
  /** The feed's saves and gap checks, one after another. */
  queue: Promise<void>;
}

/**
 * Incremental top-ups of the candle store from the feeds this replica holds (the markets that
 * running bots use): each time a feed's candles are read or pushed, the candles that closed
 * since the last save are stored (all but the snapshot's last, which may still be open; the
 * exchange sent a later one after each of the others). Once a minute per feed (the first a
 * minute after the feed came to this replica, checked when its candles next arrive), the gaps
 * between the feed's first stored candle (later: the end of the last check) and now (a replica
 * was down, a feed moved) are backfilled through CandleBackfill (its lease, its budget). Never blocks the feed: the work
 * runs behind it, one step at a time per feed, and a failure only waits for the next round.
 */
export class CandleTopUps {
  private readonly feeds = new Map<string, FeedHistory>();

  constructor(
    private readonly store: CandleStore,
    private readonly backfill: CandleBackfill,
    private readonly gapCheckMs = GAP_CHECK_MS,
  ) {}

  /** A feed's current candles, oldest first, the last one possibly open. */
  candles(feed: FeedKey, candles: Candle[]): void {
    const id = feedId(feed);
    let history = this.feeds.get(id);
    if (!history) {
      // the first gap check a minute after a feed comes here: taking a feed costs no extra call
      history = {
        storedThrough: -1,
        lastGapCheck: Date.now(),
        checkedThrough: null,
        queue: Promise.resolve(),
      };
      this.feeds.set(id, history);
    }
    // the newest closed candle: all but the last (called on every kline push: no copy first)
    const newest = candles.length > 1 ? candles[candles.length - 2][0] : undefined;
    const now = Date.now();
    const checkGaps = now - history.lastGapCheck >= this.gapCheckMs;
    if ((newest === undefined || newest <= history.storedThrough) && !checkGaps) return;
    const through = history.storedThrough;
    const fresh = candles.slice(0, -1).filter(([open]) => open > through);
    if (newest !== undefined) history.storedThrough = Math.max(history.storedThrough, newest);
    if (checkGaps) history.lastGapCheck = now;
    const key = { exchangeId: feed.exchangeId, symbol: feed.symbol, timeframe: feed.timeframe };
    history.queue = history.queue.then(async () => {
      try {
        if (fresh.length > 0) await this.store.save(key, fresh);
        if (!checkGaps) return;
        const from = history.checkedThrough ?? (await this.store.coverage(key))?.first;
        if (from === undefined) return;
        await this.backfill.backfill({ ...key, from, to: now });
        history.checkedThrough = now;
      } catch (error) {
        history.storedThrough = -1; // saved again next time
        this.backfill.warn(`storing candles of ${id}`, error);
      }
    });
  }

  /** A feed no longer held here. */
  forget(feed: FeedKey): void {
    this.feeds.delete(feedId(feed));
  }

  /** Resolves when every feed's queued work is done (tests, shutdown). */
  async drained(): Promise<void> {
    await Promise.all([...this.feeds.values()].map((f) => f.queue));
  }
}
