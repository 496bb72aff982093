import { BACKTEST_BASE_TIMEFRAME, type BacktestDefinition, timeframeMs } from '@platform/contracts';
import { type Candle, type ExchangeClient, exchangeDescriptor } from '@platform/exchange';
import type { CandleStore } from '@platform/persistence';
import type { MinuteColumns } from './candle-replay';

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

/** Where a backtest's candles are kept between runs (the candle store's part it needs). */
export type StoredCandles = Pick<CandleStore, 'missingRanges' | 'save' | 'loadColumns'>;

/**
 * A backtest's 1m candles (with the warm-up before `from`) from the store, reading from the
 * exchange only the ranges it lacks and keeping them: a second run of the range asks nothing.
 */
export async function storedMinuteCandles(
  store: StoredCandles,
  client: Pick<ExchangeClient, 'exchangeId' | 'fetchCandles'>,
  definition: Pick<BacktestDefinition, 'exchangeId' | 'symbol' | 'from' | 'to'>,
  options: { warmUpMs?: number; onPage?: (fetched: number) => void } = {},
): Promise<{ columns: MinuteColumns; fetched: number }> {
  const key = {
    exchangeId: definition.exchangeId,
    symbol: definition.symbol,
    timeframe: BACKTEST_BASE_TIMEFRAME,
  };
  const start = definition.from - (options.warmUpMs ?? 0);
  let fetched = 0;
  for (const [from, to] of await store.missingRanges(key, start, definition.to)) {
    const candles = await fetchMinuteCandles(
      client,
      { symbol: key.symbol, from, to },
      {
        onPage: (n) => options.onPage?.(fetched + n),
      },
    );
    fetched += candles.length;
    await store.save(key, candles);
  }
  return { columns: await store.loadColumns(key, start, definition.to), fetched };
}
