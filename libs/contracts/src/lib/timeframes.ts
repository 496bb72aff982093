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

/** `1m` -> 60000; a candle interval in milliseconds (a month counted as 30 days). */
export function timeframeMs(timeframe: string): number {
  const match = /^(\d+)([smhdwM])$/.exec(timeframe);
  if (!match) throw new Error(`"${timeframe}" is not a timeframe like 1m, 4h, 1d`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

/** How many candles of `timeframe` can open in [since, to) (months counted as 30 days). */
export const candlesSpanned = (since: number, to: number, timeframe: string): number =>
  Math.max(0, Math.ceil((to - since) / timeframeMs(timeframe)));
