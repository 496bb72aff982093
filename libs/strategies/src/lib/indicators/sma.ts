import { assertPeriod } from './period';

/**
 * Simple moving average of the last `period` values: their sum divided by `period`.
 * Null when there are fewer than `period` values.
 */
export function sma(values: readonly number[], period: number): number | null {
  assertPeriod(period);
  if (values.length < period) return null;
  let sum = 0;
  for (let i = values.length - period; i < values.length; i++) sum += values[i];
  return sum / period;
}
