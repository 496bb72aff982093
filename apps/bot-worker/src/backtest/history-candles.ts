import { BACKTEST_BASE_TIMEFRAME, type BacktestDefinition, timeframeMs } from '@platform/contracts';
import { type Candle, type ExchangeClient, exchangeDescriptor } from '@platform/exchange';

const MINUTE_MS = 60_000;

/**
 * How far before a backtest's range its candles start: the closed candles of its timeframe the
 * strategy needs (with one to spare), so its first evaluation sees what a live bot would.
 */
export function warmUpMs(timeframe: string, candlesNeeded: number): number {
  return (candlesNeeded + 1) * timeframeMs(timeframe);
}

/**
 * The closed 1m candles of a backtest's range, read from the exchange a page at a time (as
 * many per request as its descriptor says), oldest first. A candle still open at `now` is left
 * out: a backtest never trades on a minute that has not finished.
 */
export async function fetchMinuteCandles(
  client: Pick<ExchangeClient, 'exchangeId' | 'fetchCandles'>,
  { symbol, from, to }: Pick<BacktestDefinition, 'symbol' | 'from' | 'to'>,
  options: {
    /** Also the 1m candles this long before `from` (see warmUpMs). */
    warmUpMs?: number;
    now?: number;
    onPage?: (fetched: number) => void;
  } = {},
): Promise<Candle[]> {
  const { warmUpMs = 0, now = Date.now(), onPage } = options;
  const perRequest = exchangeDescriptor(client.exchangeId).candlesPerRequest;
  const end = Math.min(to, now - (now % MINUTE_MS));
  const candles: Candle[] = [];
  const start = from - warmUpMs;
  let since = start - (start % MINUTE_MS);
  while (since < end) {
    const limit = Math.min(perRequest, Math.ceil((end - since) / MINUTE_MS));
    const page = await client.fetchCandles(symbol, BACKTEST_BASE_TIMEFRAME, limit, since);
    const inRange = page.filter(([open]) => open >= since && open < end);
    candles.push(...inRange);
    onPage?.(candles.length);
    if (inRange.length === 0) break;
    since = inRange[inRange.length - 1][0] + MINUTE_MS;
  }
  return candles;
}
