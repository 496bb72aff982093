import { timeframeMs } from '@platform/contracts';
import type { Candle, MarketInfo, PaperMarketSource, Ticker } from '@platform/exchange';
import type { CandleColumns } from '@platform/persistence';
import type { CandleBar } from '@platform/strategies';

const BASE_MS = 60_000;

/**
 * 1m candles as columns of numbers, oldest first: the candle store's `loadColumns` gives them
 * so, `minuteColumns` makes them of exchange candles.
 */
export type MinuteColumns = CandleColumns;

/** The 1m candles among these (open times on a whole minute), oldest first, as columns. */
export function minuteColumns(candles: Candle[]): MinuteColumns {
  // exchanges and the store give them in order, on the minute: copied and sorted only if not
  const inOrder = candles.every(
    ([open], i) => open % BASE_MS === 0 && (i === 0 || open > candles[i - 1][0]),
  );
  const minutes = inOrder
    ? candles
    : candles.filter(([open]) => open % BASE_MS === 0).sort((a, b) => a[0] - b[0]);
  const n = minutes.length;
  const columns: MinuteColumns = {
    count: n,
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const c = minutes[i];
    columns.openTime[i] = c[0];
    columns.open[i] = Number(c[1]);
    columns.high[i] = Number(c[2]);
    columns.low[i] = Number(c[3]);
    columns.close[i] = Number(c[4]);
    columns.volume[i] = Number(c[5]);
  }
  return columns;
}

/** The first index whose open time is at or after `time` (binary search). */
export function firstAtOrAfter(columns: MinuteColumns, time: number): number {
  let lo = 0;
  let hi = columns.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (columns.openTime[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Closed candles a bot's view carries at least (market-data keeps 100 per feed, one open). */
const VIEW_CANDLES = 99;

/**
 * History played back as a live bot would have seen it: the market at one moment of the past.
 * Each 1m candle is a step of the clock; the bot's own candles (its timeframe) are built from
 * the 1m ones and appear, closed, once their last minute has closed, as market-data's do.
 * It is also the paper exchange's market (tickers and markets), so fills see the same prices.
 */
export class CandleReplay implements PaperMarketSource {
  /** The present of the replay (ms since the epoch). */
  now = 0;
  private readonly ticker: Ticker;
  private readonly botMs: number;
  private readonly closed: CandleBar[] = [];
  private view: CandleBar[] = [];
  private forming: CandleBar | null = null;
  private readonly keep: number;
  private readonly markets: Record<string, MarketInfo>;

  constructor(
    private readonly market: MarketInfo,
    timeframe: string,
    candlesNeeded: number,
  ) {
    this.botMs = timeframeMs(timeframe);
    if (this.botMs % BASE_MS !== 0 || 86_400_000 % this.botMs !== 0)
      throw new Error(`a backtest steps whole minutes within a day: ${timeframe} is not one`);
    this.keep = Math.max(VIEW_CANDLES, candlesNeeded);
    this.markets = { [market.symbol]: market };
    this.ticker = { symbol: market.symbol, last: '0', bid: null, ask: null, timestamp: 0 };
  }

  /** Time passes to `time` without a look at the price (a tick nobody evaluates). */
  advance(time: number): void {
    this.now = time;
  }

  /**
   * The price moves to `last` at `time` (a tick inside or at the end of a 1m candle). The one
   * ticker object is updated in place: a year is half a million ticks, and nothing keeps a
   * ticker past the evaluation that read it.
   */
  tick(time: number, last: string): void {
    this.now = time;
    this.ticker.last = last;
    this.ticker.timestamp = time;
  }

  /** The 1m candle has closed: it joins the bot's forming candle, which closes on its boundary. */
  closeMinute(minutes: MinuteColumns, i: number): void {
    const open = minutes.openTime[i];
    const bucket = open - (open % this.botMs);
    const high = minutes.high[i];
    const low = minutes.low[i];
    if (this.forming === null || this.forming.time !== bucket) {
      this.forming = {
        time: bucket,
        open: minutes.open[i],
        high,
        low,
        close: minutes.close[i],
        volume: minutes.volume[i],
      };
    } else {
      if (high > this.forming.high) this.forming.high = high;
      if (low < this.forming.low) this.forming.low = low;
      this.forming.close = minutes.close[i];
      this.forming.volume += minutes.volume[i];
    }
    if ((open + BASE_MS) % this.botMs === 0) {
      this.closed.push(this.forming);
      this.forming = null;
      // trimmed now and then, not on every candle: the view is a slice of the newest
      if (this.closed.length > 4 * this.keep) this.closed.splice(0, this.closed.length - this.keep);
      this.view = this.closed.slice(-this.keep);
    }
  }

  /** Whether the last closeMinute closed a candle of the bot's timeframe. */
  get botCandleClosed(): boolean {
    return this.forming === null;
  }

  /** The bot's closed candles, oldest first (the same array until the next one closes). */
  get candles(): CandleBar[] {
    return this.view;
  }

  get currentTicker(): Ticker {
    return this.ticker;
  }

  async loadMarkets(): Promise<Record<string, MarketInfo>> {
    return this.markets;
  }

  async fetchTicker(): Promise<Ticker> {
    return this.ticker;
  }

  async fetchTickers(): Promise<Record<string, Ticker>> {
    return { [this.market.symbol]: this.ticker };
  }

  async fetchCandles(): Promise<Candle[]> {
    throw new Error('a backtest reads its candles from the replay');
  }
}
