import { CANDLES_DEFAULT, type CandlesQuery } from '@platform/api-schemas';
import { CANDLE_RANGE_MAX, timeframeMs } from '@platform/contracts';

/**
 * Which candles a range query asks for: those opening in [since, to), then `limit` of them,
 * the first ones (`keep: 'first'`, when the query starts at `since`) or the last ones.
 */
export interface CandleWindow {
  since: number;
  to: number;
  limit: number;
  keep: 'first' | 'last';
}

/**
 * The window of a query with `since`, `to` or `limit` (null: none of them, the snapshot call).
 * An open end stops one candle past `now`, so the candle still open is in it. A window sized by
 * `limit` spans one candle more (never past CANDLE_RANGE_MAX), since months and weeks are not
 * all 30 and 7 days from any instant; `limit` then keeps the right number.
 */
export function candleWindow(
  { since, to, limit, timeframe }: CandlesQuery,
  now: number,
): CandleWindow | null {
  if (since === undefined && to === undefined && limit === undefined) return null;
  const step = timeframeMs(timeframe);
  const count = limit ?? CANDLES_DEFAULT;
  const span = Math.min(count + 1, CANDLE_RANGE_MAX) * step;
  if (since !== undefined && to !== undefined)
    return { since, to, limit: limit ?? CANDLE_RANGE_MAX, keep: 'first' };
  if (since !== undefined) {
    // a start in the future still asks for one candle's span (and gets none)
    const end = Math.max(since + step, Math.min(since + span, now + step));
    return { since, to: end, limit: count, keep: 'first' };
  }
  const end = to ?? now + step;
  return { since: Math.max(0, end - span), to: end, limit: count, keep: 'last' };
}
