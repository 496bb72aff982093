import { CANDLE_RANGE_MAX, candlesSpanned, fixedLengthTimeframe } from '@platform/contracts';
import { type Candle, type ExchangeClient, exchangeDescriptor } from '@platform/exchange';
import { type FeedKey, timeframeMs } from '@platform/market-snapshots';
import { candlesNeededBy } from '@platform/strategies';

// A feed's snapshot holds the closed candles its most demanding running bot needs
// (candlesNeeded, at most MAX_CANDLES) plus the candle still open, and never fewer than
// DEFAULT_CANDLES. What one request cannot carry is read a page at a time.

/** Candles of a snapshot no bot needs more of, and of a market fetched on demand. */
export const DEFAULT_CANDLES = 100;

/** How many candles (the closed ones and the open one) a feed keeps for these bots. */
export function candlesToKeep(strategies: { strategy: string; params: unknown }[]): number {
  const needed = strategies.reduce(
    (most, s) => Math.max(most, candlesNeededBy(s.strategy, s.params)),
    0,
  );
  return Math.max(DEFAULT_CANDLES, needed + 1);
}

/**
 * The last `count` candles of a feed, oldest first: the latest page, then pages further back
 * from the oldest candle read so far (as many per request as the exchange's descriptor says),
 * each request spending its own weight from the budget. Fewer when the exchange has no older
 * ones (a market listed recently).
 */
export async function fetchLastCandles(
  client: ExchangeClient,
  { symbol, timeframe }: FeedKey,
  count: number,
): Promise<Candle[]> {
  const perRequest = exchangeDescriptor(client.exchangeId).candlesPerRequest;
  let candles = await client.fetchCandles(symbol, timeframe, Math.min(count, perRequest));
  while (candles.length > 0 && candles.length < count) {
    const limit = Math.min(count - candles.length, perRequest);
    const oldest = candles[0][0];
    const since = oldest - limit * timeframeMs(timeframe);
    const older = (await client.fetchCandles(symbol, timeframe, limit, since)).filter(
      ([time]) => time < oldest,
    );
    if (older.length === 0) break;
    candles = [...older, ...candles];
  }
  return candles.slice(-count);
}

/** The shortest a candle of `timeframe` lasts: a month may have 28 days (timeframeMs says 30). */
const shortestCandleMs = (timeframe: string) =>
  fixedLengthTimeframe(timeframe) ? timeframeMs(timeframe) : (timeframeMs(timeframe) * 28) / 30;

/**
 * The candles opening in [since, to), oldest first: pages forward from `since`, as many per
 * request as the exchange's descriptor says, each request spending its weight from the budget.
 * Each page continues just after the last candle read (months and weeks are not all one
 * length); it stops at `to`, at the present (a short page) or at CANDLE_RANGE_MAX candles.
 */
export async function fetchCandleRange(
  client: ExchangeClient,
  { symbol, timeframe }: Pick<FeedKey, 'symbol' | 'timeframe'>,
  since: number,
  to: number,
): Promise<Candle[]> {
  const perRequest = exchangeDescriptor(client.exchangeId).candlesPerRequest;
  const candles: Candle[] = [];
  let from = since;
  while (from < to && candles.length < CANDLE_RANGE_MAX) {
    const limit = Math.min(perRequest, Math.max(1, candlesSpanned(from, to, timeframe)));
    const page = await client.fetchCandles(symbol, timeframe, limit, from);
    const inRange = page.filter(([open]) => open >= from && open < to);
    candles.push(...inRange);
    if (page.length < limit || inRange.length < page.length || inRange.length === 0) break;
    const lastOpen = inRange[inRange.length - 1][0];
    if (lastOpen + shortestCandleMs(timeframe) >= to) break; // no further candle opens in range
    from = lastOpen + 1;
  }
  return candles.slice(0, CANDLE_RANGE_MAX);
}
