import type { CandleBar } from './types';

// Candle strategies run on every tick but must act once per closed candle, or a signal would
// repeat until the next candle closes. They remember the last candle they evaluated.

export interface CandleState {
  /** Open time of the last candle evaluated; null before the first evaluation. */
  lastCandleTime: number | null;
}

/**
 * The last candle when it is newer than the one evaluated last time, else null. An older or
 * equal time (the same snapshot again, or a stale one) is not acted on.
 */
export function newClosedCandle(
  candles: readonly CandleBar[],
  state: CandleState | null,
): CandleBar | null {
  const last = candles.at(-1);
  if (last === undefined) return null;
  const seen = state?.lastCandleTime ?? null;
  return seen !== null && last.time <= seen ? null : last;
}
