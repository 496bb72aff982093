import type { BacktestDefinition } from '@platform/contracts';
import { BACKTEST_BASE_TIMEFRAME } from '@platform/contracts';
import {
  type Candle,
  type ExchangeClient,
  exchangeDescriptor,
  type MarketInfo,
} from '@platform/exchange';

/**
 * Where a backtest job gets its inputs: the market's facts (steps, minimums, fees: what the
 * paper matching fills with) and the 1m candles (BACKTEST_BASE_TIMEFRAME) opening in
 * [definition.from, definition.to), oldest first. The one seam between the jobs and candle
 * history: the Postgres candle store (with a market-data backfill) plugs in here.
 */
export interface BacktestCandleSource {
  market(definition: BacktestDefinition): Promise<MarketInfo>;
  candles(definition: BacktestDefinition): Promise<Candle[]>;
}

export const BACKTEST_CANDLE_SOURCE = Symbol('BACKTEST_CANDLE_SOURCE');

/** A definition whose market does not exist: the backtest fails with this message. */
export class BacktestInputError extends Error {}

const MINUTE = 60_000;

/**
 * The candles straight from the exchange (through the cluster's weight budget), a page at a
 * time: what the jobs use until the candle store is wired in, and what tests use against the
 * exchange simulator through the real ccxt client.
 */
export class ExchangeCandleSource implements BacktestCandleSource {
  private readonly markets = new Map<string, Promise<Record<string, MarketInfo>>>();

  constructor(private readonly clientFor: (exchangeId: string) => ExchangeClient) {}

  async market({ exchangeId, symbol }: BacktestDefinition): Promise<MarketInfo> {
    let markets = this.markets.get(exchangeId);
    if (!markets) {
      markets = this.clientFor(exchangeId).loadMarkets();
      this.markets.set(exchangeId, markets);
      markets.catch(() => this.markets.delete(exchangeId));
    }
    const market = (await markets)[symbol];
    if (!market) throw new BacktestInputError(`${symbol} is not a market of ${exchangeId}`);
    return market;
  }

  async candles({ exchangeId, symbol, from, to }: BacktestDefinition): Promise<Candle[]> {
    const client = this.clientFor(exchangeId);
    const perRequest = exchangeDescriptor(exchangeId).candlesPerRequest;
    const candles: Candle[] = [];
    let since = Math.ceil(from / MINUTE) * MINUTE;
    while (since < to) {
      const limit = Math.min(perRequest, Math.ceil((to - since) / MINUTE));
      const page = await client.fetchCandles(symbol, BACKTEST_BASE_TIMEFRAME, limit, since);
      const inRange = page.filter(([open]) => open >= since && open < to);
      candles.push(...inRange);
      // a short page: the present, or the end of the market's history
      if (inRange.length === 0 || page.length < limit) break;
      since = inRange[inRange.length - 1][0] + MINUTE;
    }
    // the candle still open is not history yet
    const now = Date.now();
    return candles.filter(([open]) => open + MINUTE <= now);
  }
}

/**
 * Keeps the candles of the last few ranges loaded (a sweep's combinations all run on the same
 * range: a worker loads it once for all of them) and shares a load in flight.
 */
export class RecentCandles implements BacktestCandleSource {
  private readonly recent = new Map<string, Promise<Candle[]>>();

  constructor(
    private readonly inner: BacktestCandleSource,
    /** Ranges kept (a year of 1m candles is some 150 MB in memory). */
    private readonly keep = 2,
  ) {}

  market(definition: BacktestDefinition): Promise<MarketInfo> {
    return this.inner.market(definition);
  }

  candles(definition: BacktestDefinition): Promise<Candle[]> {
    const { exchangeId, symbol, from, to } = definition;
    const key = `${exchangeId}|${symbol}|${from}|${to}`;
    let loading = this.recent.get(key);
    if (loading) {
      // most recently used last
      this.recent.delete(key);
      this.recent.set(key, loading);
      return loading;
    }
    loading = this.inner.candles(definition);
    this.recent.set(key, loading);
    loading.catch(() => this.recent.delete(key));
    while (this.recent.size > this.keep)
      this.recent.delete(this.recent.keys().next().value as string);
    return loading;
  }
}
