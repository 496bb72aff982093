import type { CandleBar, StrategyInput } from './types';

// Builders for the specs only (not exported from the library).

export const MINUTE = 60_000;

/** One-minute candles with these closes (open = high = low = close), from time `start`. */
export function candles(closes: number[], start = 0): CandleBar[] {
  return closes.map((close, i) => ({
    time: start + i * MINUTE,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
  }));
}

/** A strategy input: flat position, no open orders, no state, unless overridden. */
export function input<S>(overrides: Partial<StrategyInput<S>> = {}): StrategyInput<S> {
  return {
    candles: [],
    price: 100,
    now: 1_700_000_000_000,
    position: { base: 0, averageEntry: null },
    openOrders: [],
    state: null,
    ...overrides,
  };
}

/** The state as the engine hands it back: after a JSON round trip. */
export const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
