/**
 * Kline intervals as Binance lists them (GET /api/v3/klines `interval`). Candles open on UTC
 * boundaries; weeks open on Monday 00:00 UTC and months on the 1st, as on Binance.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const FIXED: Record<string, number> = {
  '1s': SECOND,
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '8h': 8 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
  '1w': 7 * DAY,
};

// 1970-01-01 was a Thursday: weekly candles are shifted to open on Mondays
const WEEK_OFFSET = 4 * DAY;

export function isInterval(interval: string): boolean {
  return interval in FIXED || interval === '1M';
}

/** Open time of the candle holding `timeMs`. */
export function candleOpen(interval: string, timeMs: number): number {
  if (interval === '1M') {
    const d = new Date(timeMs);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const length = FIXED[interval];
  const offset = interval === '1w' ? WEEK_OFFSET : 0;
  return Math.floor((timeMs - offset) / length) * length + offset;
}

/** Open time of the candle after the one opening at `openMs`. */
export function nextCandleOpen(interval: string, openMs: number): number {
  if (interval === '1M') {
    const d = new Date(openMs);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return openMs + FIXED[interval];
}

/** Open time of the candle before the one opening at `openMs`. */
export function previousCandleOpen(interval: string, openMs: number): number {
  if (interval === '1M') {
    const d = new Date(openMs);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
  }
  return openMs - FIXED[interval];
}

/** First candle opening at or after `timeMs`. */
export function firstCandleFrom(interval: string, timeMs: number): number {
  const open = candleOpen(interval, timeMs);
  return open < timeMs ? nextCandleOpen(interval, open) : open;
}
