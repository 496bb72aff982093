import type { z } from 'zod';

// The contract between strategies and the trading engine (apps/bot-worker) and the API gateway.
// Strategies are pure: everything they may look at arrives in StrategyInput, everything they
// want done leaves as Signals, and whatever they must remember goes back as JSON state.

/** A closed candle; series are oldest first and `time` is the candle's open time (ms). */
export interface CandleBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** What the bot holds in base currency, from its own fills. */
export interface StrategyPosition {
  base: number;
  averageEntry: number | null;
}

/** A limit order the bot keeps open because of an earlier `limit` signal. */
export interface OpenLimitOrder {
  key: string;
  side: 'buy' | 'sell';
  price: number;
  /** What the order still offers: its amount less what has filled. */
  base: number;
}

export interface StrategyInput<S = unknown> {
  /** Closed candles only, oldest first; taken as given (gaps are not filled). */
  candles: CandleBar[];
  /** Last traded price (ticker). */
  price: number;
  /** The snapshot time (ms since the epoch): strategies never read the clock themselves. */
  now: number;
  position: StrategyPosition;
  openOrders: OpenLimitOrder[];
  /** What the strategy returned last time (after a JSON round trip); null on the first run. */
  state: S | null;
}

export type Signal =
  /** Spend `quote` quote currency at market. */
  | { kind: 'market'; side: 'buy'; quote: number; reason: string }
  /** Sell `base` base currency at market, or the whole position. */
  | { kind: 'market'; side: 'sell'; base: number | 'all'; reason: string }
  /**
   * Keep a limit order, identified by `key`, at this price and size; ask again on every
   * evaluation that still wants it. The engine places it at the price rounded onto the market's
   * tick (buys down, sells up) and keeps an open order of the key while it sits there; one at
   * another price is cancelled, and placed again on a later evaluation.
   */
  | {
      kind: 'limit';
      side: 'buy' | 'sell';
      price: number;
      base: number;
      key: string;
      reason: string;
    }
  /** Cancel the open limit order identified by `key`. */
  | { kind: 'cancel'; key: string; reason: string };

/** `state` must be small and JSON-serialisable: the engine stores it between evaluations. */
export interface StrategyOutput<S = unknown> {
  signals: Signal[];
  state: S;
}

export interface StrategyDefinition<P = unknown, S = unknown> {
  /** 'sma-cross' | 'rsi-reversion' | 'grid' | 'dca' */
  name: string;
  description: string;
  /** Validates a bot's params (strict: unknown keys are rejected) and applies defaults. */
  schema: z.ZodType<P>;
  /** How many closed candles evaluate() wants. */
  candlesNeeded(params: P): number;
  /**
   * True when evaluate() signals only on a newly closed candle and leaves its state alone
   * otherwise (once per candle): a backtest may then skip the ticks between two candles of
   * the bot's timeframe, when no risk stop, open order or pending order needs them.
   */
  onlyOnNewCandle?: boolean;
  evaluate(params: P, input: StrategyInput<S>): StrategyOutput<S>;
}
