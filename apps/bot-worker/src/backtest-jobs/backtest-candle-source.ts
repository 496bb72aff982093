import type { BacktestDefinition } from '@platform/contracts';
import type { ExchangeClient, MarketInfo } from '@platform/exchange';
import { firstAtOrAfter, type MinuteColumns } from '../backtest/candle-replay';
import { type StoredCandles, storedMinuteCandles } from '../backtest/history-candles';

/** The 1m candles (BACKTEST_BASE_TIMEFRAME) opening in [from, to) of one market. */
export interface MinuteRange {
  exchangeId: string;
  symbol: string;
  from: number;
  to: number;
}

/**
 * Where a backtest job gets its inputs: the market's facts (steps, minimums, fees: what the
 * paper matching fills with) and 1m candles of a range as columns, oldest first (the job asks
 * from the start of the strategy's warm-up).
 */
export interface BacktestCandleSource {
  market(definition: Pick<BacktestDefinition, 'exchangeId' | 'symbol'>): Promise<MarketInfo>;
  candles(range: MinuteRange): Promise<MinuteColumns>;
}

export const BACKTEST_CANDLE_SOURCE = Symbol('BACKTEST_CANDLE_SOURCE');

/** A definition whose market does not exist: the backtest fails with this message. */
export class BacktestSourceError extends Error {}

/**
 * The candles from the candle store, the ranges it lacks read from the exchange (through the
 * cluster's weight budget) and kept there, as `npm run backtest` reads them: a worker that
 * takes over a killed one's job, or the next backtest of the range, reads them from Postgres.
 */
export class StoredCandleSource implements BacktestCandleSource {
  private readonly markets = new Map<string, Promise<Record<string, MarketInfo>>>();

  constructor(
    private readonly store: StoredCandles,
    private readonly clientFor: (exchangeId: string) => ExchangeClient,
  ) {}

  async market({
    exchangeId,
    symbol,
  }: Pick<BacktestDefinition, 'exchangeId' | 'symbol'>): Promise<MarketInfo> {
    let markets = this.markets.get(exchangeId);
    if (!markets) {
      markets = this.clientFor(exchangeId).loadMarkets();
      this.markets.set(exchangeId, markets);
      markets.catch(() => this.markets.delete(exchangeId));
    }
    const market = (await markets)[symbol];
    if (!market) throw new BacktestSourceError(`${symbol} is not a market of ${exchangeId}`);
    return market;
  }

  async candles(range: MinuteRange): Promise<MinuteColumns> {
    const client = this.clientFor(range.exchangeId);
    return (await storedMinuteCandles(this.store, client, range)).columns;
  }
}

/** The candles opening at or after `from`: views of the same columns, nothing copied. */
function columnsFrom(columns: MinuteColumns, from: number): MinuteColumns {
  const start = firstAtOrAfter(columns, from);
  if (start === 0) return columns;
  return {
    count: columns.count - start,
    openTime: columns.openTime.subarray(start),
    open: columns.open.subarray(start),
    high: columns.high.subarray(start),
    low: columns.low.subarray(start),
    close: columns.close.subarray(start),
    volume: columns.volume.subarray(start),
  };
}

/**
 * Keeps the candles of the last few ranges loaded and answers a range that starts later within
 * one of them from it: a sweep's combinations all run on the same range (the gateway queues the
 * combination with the longest warm-up first), so a worker loads it once for all of them. A
 * load in flight is shared.
 */
export class RecentCandles implements BacktestCandleSource {
  private readonly recent = new Map<string, { from: number; loading: Promise<MinuteColumns> }>();

  constructor(
    private readonly inner: BacktestCandleSource,
    /** Ranges kept (a year of 1m candles is some 25 MB as columns). */
    private readonly keep = 2,
  ) {}

  market(definition: Pick<BacktestDefinition, 'exchangeId' | 'symbol'>): Promise<MarketInfo> {
    return this.inner.market(definition);
  }

  async candles(range: MinuteRange): Promise<MinuteColumns> {
    const key = `${range.exchangeId}|${range.symbol}|${range.to}`;
    let entry = this.recent.get(key);
    if (entry && entry.from > range.from) entry = undefined;
    if (!entry) {
      const loading = this.inner.candles(range);
      entry = { from: range.from, loading };
      loading.catch(() => this.recent.delete(key));
    }
    // most recently used last
    this.recent.delete(key);
    this.recent.set(key, entry);
    while (this.recent.size > this.keep)
      this.recent.delete(this.recent.keys().next().value as string);
    // exactly the range asked for: a strategy given more history could decide otherwise
    return columnsFrom(await entry.loading, range.from);
  }
}
