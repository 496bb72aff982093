import type { Candle, Ticker } from './exchange-client';

/** Candles of one feed pushed by the exchange: the latest two (the one before, then the open one). */
export interface CandleUpdate {
  symbol: string;
  timeframe: string;
  /**
   * Oldest first. Within one connection the one before the open candle carries the last values
   * the exchange sent for it: its final ones once the next candle has opened.
   */
  candles: Candle[];
}

/**
 * The `watch` capability: an exchange's WebSocket market streams, one connection set per
 * instance. Each call waits for the next push and returns everything received since the
 * previous call (so a burst is read at once, never dropped). A closed connection rejects the
 * pending call; close() and open another to reconnect.
 */
export interface MarketStream {
  readonly exchangeId: string;
  /** Tickers of these markets received since the previous call (at least one). */
  nextTickers(symbols: string[]): Promise<Ticker[]>;
  /**
   * Waits for the next kline push of any of these feeds; resolves with the feeds whose candles
   * changed since the previous call (none when the push repeated known values: the connection
   * is alive all the same).
   */
  nextCandles(feeds: { symbol: string; timeframe: string }[]): Promise<CandleUpdate[]>;
  close(): Promise<void>;
}
