import { LISTED_TIMEFRAMES, SUPPORTED_EXCHANGES } from '@platform/contracts';
import { z } from 'zod';

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
export const CandlesQuery = z
  .object({ symbol: MarketSymbol, timeframe: z.enum(LISTED_TIMEFRAMES).default('1m') })
  .strict();

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
