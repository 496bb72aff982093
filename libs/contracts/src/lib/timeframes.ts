// Candle intervals as ccxt names them (1m, 4h, 1d, 1M). Browser-safe: the API's candle range
// check, market-data's paging and the dashboard's chart count candles alike.

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000,
};

const known = new Map<string, { count: number; unit: string }>();

/** `4h` -> { count: 4, unit: 'h' }; parsed once per timeframe (stores call this per candle). */
function parsed(timeframe: string): { count: number; unit: string } {
  let result = known.get(timeframe);
  if (result) return result;
  const match = /^(\d+)([smhdwM])$/.exec(timeframe);
  if (!match || Number(match[1]) < 1)
    throw new Error(`"${timeframe}" is not a timeframe like 1m, 4h, 1d`);
  result = { count: Number(match[1]), unit: match[2] };
  if (known.size < 64) known.set(timeframe, result); // a few are in use; input cannot grow it
  return result;
}

/** `1m` -> 60000; a candle interval in milliseconds (a month counted as 30 days). */
export function timeframeMs(timeframe: string): number {
  const { count, unit } = parsed(timeframe);
  return count * UNIT_MS[unit];
}

/** How many candles of `timeframe` can open in [since, to) (months counted as 30 days). */
export const candlesSpanned = (since: number, to: number, timeframe: string): number =>
  Math.max(0, Math.ceil((to - since) / timeframeMs(timeframe)));

const WEEK_MS = UNIT_MS['w'];
// 1970-01-01 was a Thursday: weeks open on Mondays 00:00 UTC (as on Binance)
const WEEK_OFFSET_MS = 4 * UNIT_MS['d'];

/**
 * Open time of the candle of `timeframe` that holds `time`: UTC boundaries counted from the
 * epoch for seconds to days, Mondays 00:00 UTC for weeks, the 1st 00:00 UTC for months.
 */
export function candleOpenAt(timeframe: string, time: number): number {
  const { count, unit } = parsed(timeframe);
  if (unit === 'M') {
    const d = new Date(time);
    const months = d.getUTCFullYear() * 12 + d.getUTCMonth();
    const open = months - (((months % count) + count) % count);
    return Date.UTC(Math.floor(open / 12), open % 12, 1);
  }
  const length = count * UNIT_MS[unit];
  const offset = unit === 'w' ? WEEK_OFFSET_MS % (count * WEEK_MS) : 0;
  return Math.floor((time - offset) / length) * length + offset;
}

/** Open time of the candle after the one opening at `open` (a month's length varies). */
export function nextCandleOpen(timeframe: string, open: number): number {
  const { count, unit } = parsed(timeframe);
  if (unit !== 'M') return open + count * UNIT_MS[unit];
  const d = new Date(open);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + count, 1);
}

/** The first candle of `timeframe` opening at or after `time`. */
export function firstCandleFrom(timeframe: string, time: number): number {
  const open = candleOpenAt(timeframe, time);
  return open < time ? nextCandleOpen(timeframe, open) : open;
}

/** Whether every candle of `timeframe` lasts the same (all but months). */
export const fixedLengthTimeframe = (timeframe: string): boolean => parsed(timeframe).unit !== 'M';
