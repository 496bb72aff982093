import { Logger } from '@nestjs/common';
import type { MarketInfo, Ticker } from '@platform/exchange';
import {
  type FeedKey,
  feedId,
  MARKET_SNAPSHOT_CHANNEL,
  type SnapshotStore,
  type SnapshotUpdated,
  timeframeMs,
} from '@platform/market-snapshots';
import { createRedis, type RedisClient, subscribeWhenReady } from '@platform/redis';
import type { CacheMetrics } from '@platform/service-kit';
import type { CandleBar } from '@platform/strategies';

/** What a bot sees of its market at one moment. */
export interface MarketView {
  feed: FeedKey;
  ticker: Ticker;
  /** When market-data fetched the ticker (ms since the epoch). */
  tickerAt: number;
  /** Closed candles only, oldest first. */
  candles: CandleBar[];
}

type Listener = (view: MarketView) => void;

/**
 * `now`: called as soon as the update is read (live bots: a live order's price moves while it
 * waits). `queued`: called in turns of the event loop after every `now` listener of the updates
 * read so far (paper bots fill at the price they saw, so waiting costs them nothing).
 */
export type Urgency = 'now' | 'queued';

interface FeedEntry {
  feed: FeedKey;
  listeners: Set<Listener>;
  urgent: Set<Listener>;
  candles: CandleBar[];
}

const MARKETS_CACHE_MS = 60_000;
/** The worker refuses to start when Redis cannot be reached this long. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;
/**
 * Each turn of the event loop calls as many queued listeners as take about this long, the
 * work their calls queue as promise continuations included, then lets I/O go first: a live
 * bot's order waits for its intent's round trips to Postgres and for its request to the
 * exchange, each of which would otherwise wait out a burst of paper bots' evaluations.
 */
const TURN_MS = 1;
/** A bound on the listeners per turn while the cost of one is still being learnt. */
const MAX_CALLS_PER_TURN = 250;

const symbolKey = (exchangeId: string, symbol: string) => `${exchangeId}|${symbol}`;

/**
 * This worker's window on the shared market snapshots: one subscription to market-data's
 * announcements, one Redis read per update of a feed (not per bot), and the bots of each feed
 * called with the same view. Thousands of bots on twenty markets cost twenty reads a second.
 */
export class MarketHub {
  private readonly logger = new Logger(MarketHub.name);
  private readonly subscriber: RedisClient;
  private readonly feeds = new Map<string, FeedEntry>();
  private readonly tickers = new Map<string, { ticker: Ticker; at: number }>();
  private readonly markets = new Map<
    string,
    { at: number; markets: Promise<Record<string, MarketInfo>> }
  >();
  private readonly reading = new Set<string>();
  private readonly rereads = new Set<string>();
  /** Queued listeners not called yet, oldest first, drained about TURN_MS of work per turn. */
  private queue: { listener: Listener; entry: FeedEntry }[] = [];
  private queueHead = 0;
  /** The listeners in the queue: a second update before its turn does not queue it again. */
  private readonly queued = new Set<Listener>();
  private draining = false;
  /** What one queued call costs, learnt from the turns (ms, smoothed). */
  private msPerCall = TURN_MS / 20;
  /** The turn under way: when it started and how many listeners it called. */
  private turn?: { startedAt: number; calls: number };

  constructor(
    redisUrl: string,
    private readonly store: SnapshotStore,
    /** Hits and misses of the in-memory views and markets (metrics). */
    private readonly cache?: CacheMetrics,
  ) {
    this.subscriber = createRedis(redisUrl, 'subscriber');
    this.subscriber.on('message', (_channel: string, message: string) =>
      this.onAnnounced(JSON.parse(message) as SnapshotUpdated),
    );
  }

  async start(): Promise<void> {
    await subscribeWhenReady(
      this.subscriber,
      { channels: [MARKET_SNAPSHOT_CHANNEL] },
      SUBSCRIBE_TIMEOUT_MS,
    );
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
  }

  /** Calls `listener` on every ticker update of the feed's market; returns the unsubscribe. */
  subscribe(feed: FeedKey, listener: Listener, urgency: Urgency = 'queued'): () => void {
    const id = feedId(feed);
    let entry = this.feeds.get(id);
    if (!entry) {
      entry = { feed, listeners: new Set(), urgent: new Set(), candles: [] };
      this.feeds.set(id, entry);
      void this.readCandles(entry);
      void this.readTicker(feed.exchangeId, feed.symbol);
    }
    const listeners = urgency === 'now' ? entry.urgent : entry.listeners;
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (entry.listeners.size === 0 && entry.urgent.size === 0) this.feeds.delete(id);
    };
  }

  /** The latest view of a feed, or null before its first ticker. */
  view(feed: FeedKey): MarketView | null {
    const ticker = this.tickers.get(symbolKey(feed.exchangeId, feed.symbol));
    if (!ticker) {
      this.cache?.miss('market-snapshots');
      return null;
    }
    this.cache?.hit('market-snapshots');
    const candles = this.feeds.get(feedId(feed))?.candles ?? [];
    return { feed, ticker: ticker.ticker, tickerAt: ticker.at, candles };
  }

  /** The exchange's markets as market-data shared them (cached a minute). */
  marketsOf(exchangeId: string): Promise<Record<string, MarketInfo>> {
    const cached = this.markets.get(exchangeId);
    if (cached && Date.now() - cached.at < MARKETS_CACHE_MS) {
      this.cache?.hit('markets');
      return cached.markets;
    }
    this.cache?.miss('markets');
    const markets = this.store.readMarkets(exchangeId).then((snapshot) => {
      if (!snapshot) {
        this.markets.delete(exchangeId);
        throw new Error(`market-data has not shared the markets of ${exchangeId} yet`);
      }
      return snapshot.markets;
    });
    markets.catch(() => this.markets.delete(exchangeId));
    this.markets.set(exchangeId, { at: Date.now(), markets });
    return markets;
  }

  private onAnnounced(update: SnapshotUpdated): void {
    if (update.kind === 'ticker') {
      void this.readTicker(update.exchangeId, update.symbol);
      return;
    }
    const entry = this.feeds.get(
      feedId({
        exchangeId: update.exchangeId,
        symbol: update.symbol,
        timeframe: update.timeframe ?? '',
      }),
    );
    if (entry) void this.readCandles(entry);
  }

  private async readTicker(exchangeId: string, symbol: string): Promise<void> {
    const key = `t|${symbolKey(exchangeId, symbol)}`;
    if (this.reading.has(key)) {
      // announced while the read was on its way: it may have read the older ticker
      this.rereads.add(key);
      return;
    }
    this.reading.add(key);
    try {
      do {
        this.rereads.delete(key);
        const snapshot = await this.store.readTicker(exchangeId, symbol);
        if (!snapshot) continue;
        const known = this.tickers.get(symbolKey(exchangeId, symbol));
        if (known && known.at >= snapshot.fetchedAt) continue;
        this.tickers.set(symbolKey(exchangeId, symbol), {
          ticker: snapshot.ticker,
          at: snapshot.fetchedAt,
        });
        this.notify(exchangeId, symbol);
      } while (this.rereads.has(key));
    } catch (error) {
      this.logger.warn(`reading ticker ${exchangeId} ${symbol}: ${(error as Error).message}`);
    } finally {
      this.reading.delete(key);
      this.rereads.delete(key);
    }
  }

  private async readCandles(entry: FeedEntry): Promise<void> {
    const { exchangeId, symbol, timeframe } = entry.feed;
    const snapshot = await this.store.readCandles(exchangeId, symbol, timeframe).catch(() => null);
    if (!snapshot) return;
    const closedBefore = Date.now() - timeframeMs(timeframe);
    entry.candles = snapshot.candles
      .filter(([openTime]) => openTime <= closedBefore)
      .map(([time, open, high, low, close, volume]) => ({
        time,
        open: Number(open),
        high: Number(high),
        low: Number(low),
        close: Number(close),
        volume: Number(volume),
      }));
  }

  /**
   * The `now` listeners are called at once; the others join one queue for the whole worker,
   * drained a slice of time per turn of the event loop, each called with its feed's newest view
   * when its turn comes. Updates of many markets arrive together (one socket read): one queue
   * lets every live bot of all of them go before any paper bot, and a slice at a time keeps
   * 10,000 bots from holding the event loop at once.
   */
  private notify(exchangeId: string, symbol: string): void {
    for (const entry of this.feeds.values()) {
      if (entry.feed.exchangeId !== exchangeId || entry.feed.symbol !== symbol) continue;
      const view = this.view(entry.feed);
      if (!view) continue;
      for (const listener of entry.urgent) call(listener, view, this.logger);
      for (const listener of entry.listeners) {
        if (this.queued.has(listener)) continue;
        this.queued.add(listener);
        this.queue.push({ listener, entry });
      }
    }
    if (!this.draining && this.queueHead < this.queue.length) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    const now = performance.now();
    if (this.turn && this.turn.calls > 0) {
      // the previous turn's calls, the continuations they queued, and I/O in between: an
      // overestimate, which only makes the turns shorter
      const measured = (now - this.turn.startedAt) / this.turn.calls;
      this.msPerCall = 0.8 * this.msPerCall + 0.2 * measured;
    }
    const budget = Math.min(MAX_CALLS_PER_TURN, Math.max(1, Math.floor(TURN_MS / this.msPerCall)));
    let calls = 0;
    // a feed's listeners wait next to each other: its view is looked up once per run of them
    let viewOf: FeedEntry | undefined;
    let view: MarketView | null = null;
    while (this.queueHead < this.queue.length && calls < budget) {
      const { listener, entry } = this.queue[this.queueHead++];
      this.queued.delete(listener);
      // unsubscribed while it waited: not called
      if (!entry.listeners.has(listener)) continue;
      if (entry !== viewOf) {
        viewOf = entry;
        view = this.view(entry.feed);
      }
      if (!view) continue;
      call(listener, view, this.logger);
      calls++;
    }
    if (this.queueHead < this.queue.length) {
      this.turn = { startedAt: now, calls };
      setImmediate(() => this.drain());
      return;
    }
    this.turn = undefined;
    this.queue = [];
    this.queueHead = 0;
    this.draining = false;
  }
}

/** A listener that throws must not stop the others (nor the queue). */
function call(listener: Listener, view: MarketView, logger: Logger): void {
  try {
    listener(view);
  } catch (error) {
    logger.error(`market listener failed: ${(error as Error).message}`);
  }
}
