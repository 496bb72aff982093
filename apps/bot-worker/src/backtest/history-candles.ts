import { BACKTEST_BASE_TIMEFRAME, type BacktestDefinition } from '@platform/contracts';
import { type Candle, type ExchangeClient, exchangeDescriptor } from '@platform/exchange';

const MINUTE_MS = 60_000;

/**
 * The closed 1m candles of a backtest's range, read from the exchange a page at a time (as
 * many per request as its descriptor says), oldest first. A candle still open at `now` is left
 * out: a backtest never trades on a minute that has not finished.
 */
export async function fetchMinuteCandles(
  client: Pick<ExchangeClient, 'exchangeId' | 'fetchCandles'>,
  { symbol, from, to }: Pick<BacktestDefinition, 'symbol' | 'from' | 'to'>,
  now = Date.now(),
  onPage?: (fetched: number) => void,
): Promise<Candle[]> {
  const perRequest = exchangeDescriptor(client.exchangeId).candlesPerRequest;
  const end = Math.min(to, now - (now % MINUTE_MS));
  const candles: Candle[] = [];
  let since = from - (from % MINUTE_MS);
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
