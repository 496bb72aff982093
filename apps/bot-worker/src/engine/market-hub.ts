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

interface FeedEntry {
  feed: FeedKey;
  listeners: Set<Listener>;
  candles: CandleBar[];
}

const MARKETS_CACHE_MS = 60_000;
/** The worker refuses to start when Redis cannot be reached this long. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;
/** Listeners called per turn of the event loop, so 10,000 bots never block it at once. */
const NOTIFY_CHUNK = 250;

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
  subscribe(feed: FeedKey, listener: Listener): () => void {
    const id = feedId(feed);
    let entry = this.feeds.get(id);
    if (!entry) {
      entry = { feed, listeners: new Set(), candles: [] };
      this.feeds.set(id, entry);
      void this.readCandles(entry);
      void this.readTicker(feed.exchangeId, feed.symbol);
    }
    entry.listeners.add(listener);
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size === 0) this.feeds.delete(id);
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
    if (this.reading.has(key)) return;
    this.reading.add(key);
    try {
      const snapshot = await this.store.readTicker(exchangeId, symbol);
      if (!snapshot) return;
      const known = this.tickers.get(symbolKey(exchangeId, symbol));
      if (known && known.at >= snapshot.fetchedAt) return;
      this.tickers.set(symbolKey(exchangeId, symbol), {
        ticker: snapshot.ticker,
        at: snapshot.fetchedAt,
      });
      await this.notify(exchangeId, symbol);
    } catch (error) {
      this.logger.warn(`reading ticker ${exchangeId} ${symbol}: ${(error as Error).message}`);
    } finally {
      this.reading.delete(key);
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

  private async notify(exchangeId: string, symbol: string): Promise<void> {
    const calls: (() => void)[] = [];
    for (const entry of this.feeds.values()) {
      if (entry.feed.exchangeId !== exchangeId || entry.feed.symbol !== symbol) continue;
      const view = this.view(entry.feed);
      if (!view) continue;
      for (const listener of entry.listeners) calls.push(() => listener(view));
    }
    for (let i = 0; i < calls.length; i += NOTIFY_CHUNK) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const call of calls.slice(i, i + NOTIFY_CHUNK)) call();
    }
  }
}
