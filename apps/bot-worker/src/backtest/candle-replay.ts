import { timeframeMs } from '@platform/contracts';
import type { Candle, MarketInfo, PaperMarketSource, Ticker } from '@platform/exchange';
import type { CandleBar } from '@platform/strategies';

/** 1m candles as columns of numbers, parsed once; `candles` keeps the exchange's decimals. */
export interface MinuteSeries {
  candles: Candle[];
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export function minuteSeries(candles: Candle[]): MinuteSeries {
  const n = candles.length;
  const series: MinuteSeries = {
    candles,
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const c = candles[i];
    series.time[i] = c[0];
    series.open[i] = Number(c[1]);
    series.high[i] = Number(c[2]);
    series.low[i] = Number(c[3]);
    series.close[i] = Number(c[4]);
    series.volume[i] = Number(c[5]);
  }
  return series;
}

/** Closed candles a bot's view carries at least (market-data keeps 100 per feed, one open). */
const VIEW_CANDLES = 99;

const BASE_MS = 60_000;

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
  closeMinute(minutes: MinuteSeries, i: number): void {
    const open = minutes.time[i];
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
