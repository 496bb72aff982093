import { assertPeriod } from './period';

/**
 * Wilder's Relative Strength Index of the last value, in [0, 100].
 *
 * change_i = value_i - value_(i-1); gain = max(change, 0), loss = max(-change, 0).
 * The first averages are the plain means of the first `period` gains and losses; every later
 * change is folded in with Wilder's smoothing: avg = (avg * (period - 1) + current) / period.
 * RSI = 100 - 100 / (1 + avgGain / avgLoss). With no losses: 100 if there were gains, and 50
 * for flat values (neither gains nor losses).
 *
 * Needs period + 1 values (period changes), else null. Every value given takes part, so more
 * history than the minimum gives the smoothed figure that charting tools show.
 */
export function rsi(values: readonly number[], period: number): number | null {
  assertPeriod(period);
  if (values.length < period + 1) return null;
  let gains = 0;
  let losses = 0;
  for (let i = 1; i <= period; i++) {
    const change = values[i] - values[i - 1];
    gains += Math.max(change, 0);
    losses += Math.max(-change, 0);
  }
  let avgGain = gains / period;
  let avgLoss = losses / period;
  for (let i = period + 1; i < values.length; i++) {
    const change = values[i] - values[i - 1];
    avgGain = (avgGain * (period - 1) + Math.max(change, 0)) / period;
    avgLoss = (avgLoss * (period - 1) + Math.max(-change, 0)) / period;
  }
  if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
  return 100 - 100 / (1 + avgGain / avgLoss);
}
