import type { Candle, MarketInfo, Ticker } from '@platform/exchange';

/** One feed: an exchange's market in one candle interval. */
export interface FeedKey {
  exchangeId: string;
  symbol: string;
  timeframe: string;
}

export interface TickerSnapshot {
  exchangeId: string;
  symbol: string;
  ticker: Ticker;
  /** When market-data received it (ms since the epoch). */
  fetchedAt: number;
}

export interface CandlesSnapshot extends FeedKey {
  candles: Candle[];
  fetchedAt: number;
}

/** An exchange's markets: what paper trading needs of precision, minimums and fees. */
export interface MarketsSnapshot {
  exchangeId: string;
  markets: Record<string, MarketInfo>;
  fetchedAt: number;
}

/** Published on MARKET_SNAPSHOT_CHANNEL after each write, so readers need not poll Redis. */
export interface SnapshotUpdated {
  kind: 'ticker' | 'candles';
  exchangeId: string;
  symbol: string;
  timeframe?: string;
  fetchedAt: number;
}

export const MARKET_SNAPSHOT_CHANNEL = 'market.snapshot-updated';

export const feedId = (feed: FeedKey) => `${feed.exchangeId}:${feed.symbol}:${feed.timeframe}`;

/** A snapshot older than three poll intervals is stale: act on it no more. */
export const isStale = (
  snapshot: { fetchedAt: number },
  pollIntervalMs: number,
  now = Date.now(),
) => now - snapshot.fetchedAt > 3 * pollIntervalMs;
