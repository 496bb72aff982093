import type { BacktestDefinition } from '@platform/contracts';
import type { Candle, ExchangeClient, MarketInfo } from '@platform/exchange';
import { fetchMinuteCandles } from '../backtest/history-candles';

/** The 1m candles (BACKTEST_BASE_TIMEFRAME) opening in [from, to) of one market. */
export interface MinuteRange {
  exchangeId: string;
  symbol: string;
  from: number;
  to: number;
}

/**
 * Where a backtest job gets its inputs: the market's facts (steps, minimums, fees: what the
 * paper matching fills with) and 1m candles of a range, oldest first (the job asks from the
 * start of the strategy's warm-up). The one seam between the jobs and candle history: the
 * Postgres candle store (with a market-data backfill) plugs in here.
 */
export interface BacktestCandleSource {
  market(definition: Pick<BacktestDefinition, 'exchangeId' | 'symbol'>): Promise<MarketInfo>;
  candles(range: MinuteRange): Promise<Candle[]>;
}

export const BACKTEST_CANDLE_SOURCE = Symbol('BACKTEST_CANDLE_SOURCE');

/** A definition whose market does not exist: the backtest fails with this message. */
export class BacktestSourceError extends Error {}

/**
 * The candles straight from the exchange (through the cluster's weight budget), a page at a
 * time (the engine's fetchMinuteCandles, as the CLI reads them): what the jobs use until the
 * candle store is wired in, and what tests use against the exchange simulator through the
 * real ccxt client.
 */
export class ExchangeCandleSource implements BacktestCandleSource {
  private readonly markets = new Map<string, Promise<Record<string, MarketInfo>>>();

  constructor(private readonly clientFor: (exchangeId: string) => ExchangeClient) {}

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

  candles({ exchangeId, symbol, from, to }: MinuteRange): Promise<Candle[]> {
    return fetchMinuteCandles(this.clientFor(exchangeId), { symbol, from, to });
  }
}

/**
 * Keeps the candles of the last few ranges loaded and answers a range that starts later within
 * one of them from it: a sweep's combinations all run on the same range (the gateway queues the
 * combination with the longest warm-up first), so a worker loads it once for all of them. A
 * load in flight is shared.
 */
export class RecentCandles implements BacktestCandleSource {
  private readonly recent = new Map<string, { from: number; loading: Promise<Candle[]> }>();

  constructor(
    private readonly inner: BacktestCandleSource,
    /** Ranges kept (a year of 1m candles is some 150 MB in memory). */
    private readonly keep = 2,
  ) {}

  market(definition: Pick<BacktestDefinition, 'exchangeId' | 'symbol'>): Promise<MarketInfo> {
    return this.inner.market(definition);
  }

  async candles(range: MinuteRange): Promise<Candle[]> {
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
    const candles = await entry.loading;
    return entry.from === range.from ? candles : candles.filter(([open]) => open >= range.from);
  }
}
