import {
  BotModes,
  EQUITY_DEFAULT_POINTS,
  EQUITY_DEFAULT_RANGE_MS,
  EQUITY_MAX_POINTS,
  EQUITY_MAX_RANGE_DAYS,
  EQUITY_MIN_POINTS,
} from '@platform/contracts';
import { z } from 'zod';
import { instantParam } from './query-values';

// Equity history as charts read it: GET /bots/{id}/equity and GET /portfolio/equity.

const DAY_MS = 24 * 60 * 60 * 1000;
const pointsMessage = `must be a whole number from ${EQUITY_MIN_POINTS} to ${EQUITY_MAX_POINTS}`;
const iso = z.iso.datetime();
const decimal = z.string().describe('exact decimal as text, in the quote currency');

const rangeFields = {
  from: instantParam
    .optional()
    .describe(
      'start of the range, ISO 8601 with a zone (or ms since 1970); default: 24 hours before `to`',
    ),
  to: instantParam
    .optional()
    .describe('end of the range, included (ISO 8601 with a zone, or ms since 1970); default: now'),
  points: z
    .string()
    .regex(/^\d{1,4}$/, pointsMessage)
    .transform(Number)
    .pipe(z.number().min(EQUITY_MIN_POINTS, pointsMessage).max(EQUITY_MAX_POINTS, pointsMessage))
    .optional()
    .describe(
      `most points in the answer, ${EQUITY_MIN_POINTS} to ${EQUITY_MAX_POINTS} (default ${EQUITY_DEFAULT_POINTS}): the range is cut into that many time buckets and each shows its last snapshot`,
    ),
};

/** A range as the stores take it, every default filled in. */
export interface EquityRange {
  from: Date;
  to: Date;
  points: number;
}

type RangeInput = { from?: number; to?: number; points?: number };

/**
 * Fills the defaults (the last 24 hours, 300 points) and refuses a reversed range or one over
 * 400 days at the field that makes it so (null, the issue added).
 */
function resolveRange(
  { from, to, points }: RangeInput,
  context: z.RefinementCtx,
): EquityRange | null {
  const end = to ?? Date.now();
  const start = from ?? end - EQUITY_DEFAULT_RANGE_MS;
  if (end < start) {
    context.addIssue(
      to === undefined
        ? { code: 'custom', path: ['from'], message: 'must not be later than now (to left out)' }
        : { code: 'custom', path: ['to'], message: 'must not be earlier than from' },
    );
    return null;
  }
  if (end - start > EQUITY_MAX_RANGE_DAYS * DAY_MS) {
    context.addIssue({
      code: 'custom',
      path: [from === undefined ? 'to' : 'from'],
      message: `must be at most ${EQUITY_MAX_RANGE_DAYS} days from the other end of the range: ask for a shorter one`,
    });
    return null;
  }
  return { from: new Date(start), to: new Date(end), points: points ?? EQUITY_DEFAULT_POINTS };
}

export const EquityQuery = z
  .object(rangeFields)
  .strict()
  .transform((query, context) => resolveRange(query, context) ?? z.NEVER);
export type EquityQuery = z.output<typeof EquityQuery>;

export const PortfolioEquityQuery = z
  .object({
    mode: z.enum(BotModes).describe('paper or live: the two are never added up'),
    quote: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{1,20}$/, 'must be a currency code like USDT')
      .describe('the quote currency of the bots summed, e.g. USDT (of BTC/USDT, ETH/USDT, ...)'),
    ...rangeFields,
  })
  .strict()
  .transform(({ mode, quote, ...range }, context) => {
    const resolved = resolveRange(range, context);
    return resolved ? { mode, quote, ...resolved } : z.NEVER;
  });
export type PortfolioEquityQuery = z.output<typeof PortfolioEquityQuery>;

const rangeView = {
  from: iso.describe('the range asked for (defaults filled in)'),
  to: iso,
  maxPoints: z
    .number()
    .int()
    .describe('the `points` asked for: the answer holds at most this many'),
};

export const EquityPointView = z.object({
  at: iso.describe('when the snapshot was taken: the newest of its time bucket'),
  equity: decimal.describe(
    'paper: quote balance + base balance x price; live: realized + unrealized profit (the account is shared with whatever else you hold there)',
  ),
  realizedProfit: decimal,
  unrealizedProfit: decimal,
  positionBase: z.string().describe('base currency held, exact decimal as text'),
  price: decimal.nullable().describe('the price the position was valued at; null: nothing held'),
});
export type EquityPointView = z.infer<typeof EquityPointView>;

export const BotEquityView = z.object({
  botId: z.uuid(),
  ...rangeView,
  points: z
    .array(EquityPointView)
    .describe('oldest first; one a minute while the bot ran (hourly after 7 days, daily after 90)'),
});
export type BotEquityView = z.infer<typeof BotEquityView>;

export const PortfolioEquityPointView = z.object({
  at: iso.describe('the minute summed: the newest of its time bucket'),
  equity: decimal,
  realizedProfit: decimal,
  unrealizedProfit: decimal,
  bots: z.number().int().describe('how many bots were summed then'),
});
export type PortfolioEquityPointView = z.infer<typeof PortfolioEquityPointView>;

export const PortfolioEquityView = z.object({
  mode: z.enum(BotModes),
  quote: z.string(),
  ...rangeView,
  points: z
    .array(PortfolioEquityPointView)
    .describe(
      'oldest first; the sum over your bots of this mode and quote currency, per minute (the newest two minutes are not summed yet)',
    ),
});
export type PortfolioEquityView = z.infer<typeof PortfolioEquityView>;
