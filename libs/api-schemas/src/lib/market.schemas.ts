import {
  CANDLE_RANGE_MAX,
  candlesSpanned,
  LISTED_TIMEFRAMES,
  SUPPORTED_EXCHANGES,
} from '@platform/contracts';
import { z } from 'zod';
import { instantParam } from './query-values';

export const MarketSymbol = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}(:[A-Z0-9]{1,20})?$/,
    'must be a unified symbol like BTC/USDT',
  );

export const MarketParams = z.object({ exchangeId: z.enum(SUPPORTED_EXCHANGES) }).strict();
export const TickerQuery = z.object({ symbol: MarketSymbol }).strict();
/** Candles one range answer holds when `limit` is not given. */
export const CANDLES_DEFAULT = 500;
const candleLimitMessage = `must be a whole number from 1 to ${CANDLE_RANGE_MAX}`;

export const CandlesQuery = z
  .object({
    symbol: MarketSymbol,
    timeframe: z.enum(LISTED_TIMEFRAMES).default('1m'),
    since: instantParam
      .optional()
      .describe('only candles opening at or after this time (ISO 8601 with a zone, or ms)'),
    to: instantParam
      .optional()
      .describe('only candles opening before this time (ISO 8601 with a zone, or ms)'),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, candleLimitMessage)
      .transform(Number)
      .pipe(z.number().min(1, candleLimitMessage).max(CANDLE_RANGE_MAX, candleLimitMessage))
      .optional()
      .describe(
        `most candles in the answer, 1 to ${CANDLE_RANGE_MAX} (default ${CANDLES_DEFAULT} with since or to): the first ones from since, else the last ones before to (or now)`,
      ),
  })
  .strict()
  .superRefine(({ since, to, timeframe }, context) => {
    if (since === undefined || to === undefined) return;
    if (to <= since)
      context.addIssue({ code: 'custom', path: ['to'], message: 'must be later than since' });
    else if (candlesSpanned(since, to, timeframe) > CANDLE_RANGE_MAX)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `spans more than ${CANDLE_RANGE_MAX} ${timeframe} candles from since: ask for a shorter range, a page at a time`,
      });
  });

export type MarketParams = z.infer<typeof MarketParams>;
export type TickerQuery = z.infer<typeof TickerQuery>;
export type CandlesQuery = z.infer<typeof CandlesQuery>;

const freshness = {
  fetchedAt: z.number().describe('when market-data fetched it, ms since the epoch'),
  ageMs: z.number(),
  stale: z.boolean().describe('older than three poll intervals: do not act on it'),
};

export const TickerView = z.object({
  exchangeId: z.string(),
  symbol: z.string(),
  last: z.string(),
  bid: z.string().nullable(),
  ask: z.string().nullable(),
  ...freshness,
});

export const CandlesView = z.object({
  exchangeId: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  candles: z
    .array(z.tuple([z.number(), z.string(), z.string(), z.string(), z.string(), z.string()]))
    .describe('[open time ms, open, high, low, close, volume], decimals as text'),
  ...freshness,
});
