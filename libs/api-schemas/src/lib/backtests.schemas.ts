import {
  BACKTEST_RANK_METRICS,
  BacktestRankMetrics,
  BacktestStatuses,
  SUPPORTED_EXCHANGES,
} from '@platform/contracts';
import { strategyNames, validateBotParams } from '@platform/strategies';
import { z } from 'zod';
import { BOT_TIMEFRAMES } from './bots.schemas';
import { MarketSymbol } from './market.schemas';
import { cursorParam, decodeTimeCursor, limitParam, nextCursorField } from './paging';
import { instantParam } from './query-values';
import { text } from './text';

/** Paper slippage of a backtest's market fills when the body leaves it out (percent). */
export const BACKTEST_DEFAULT_SLIPPAGE_PCT = 0.05;
/** Most combinations any plan's sweep may have (the plans set less: `maxSweepCombinations`). */
export const SWEEP_COMBINATIONS_MAX = 1000;
/** Most values one grid parameter may list. */
export const SWEEP_VALUES_MAX = 100;

const INSTANT_MESSAGE =
  'must be an ISO 8601 time with a zone (2026-01-31T12:00:00Z) or milliseconds since 1970';
/** A moment in a body: ISO 8601 with a zone, or whole milliseconds since 1970 (number or text). */
const Instant = z
  .union([
    z.number({ error: INSTANT_MESSAGE }).int(INSTANT_MESSAGE).min(0, 'must not be before 1970'),
    instantParam,
  ])
  .pipe(z.number().max(253_402_300_799_999, 'must be before the year 10000'));

const Params = z
  .record(z.string(), z.unknown(), { error: 'must be an object' })
  .describe(
    "the strategy's parameters as a bot takes them (see GET /strategies), risk limits included",
  );

const definitionFields = {
  exchangeId: z.enum(SUPPORTED_EXCHANGES),
  symbol: MarketSymbol,
  timeframe: z
    .enum(BOT_TIMEFRAMES)
    .describe('the bot’s timeframe: the candles its strategy sees (it is evaluated every minute)'),
  strategy: z.enum(strategyNames),
  params: Params.default({}),
  from: Instant.describe('start of the range: the first 1m candle opening at or after it'),
  to: Instant.describe('end of the range (exclusive); not in the future'),
  startingBalance: z
    .number({ error: 'must be a number' })
    .positive('must be a positive number')
    .max(1e12, 'must be at most 1e12')
    .optional()
    .describe(
      'quote currency the paper account starts with; default params.risk.paperQuoteBalance, else 10000',
    ),
  slippagePct: z
    .number({ error: 'must be a number' })
    .min(0, 'must be between 0 and 10')
    .max(10, 'must be between 0 and 10')
    .default(BACKTEST_DEFAULT_SLIPPAGE_PCT)
    .describe('market orders fill this many percent worse than the candle’s price'),
};

type DefinitionCheck = { strategy?: unknown; params?: unknown; from?: unknown; to?: unknown };

/** The strategy's own rules for `params` (as `params.<field>`), and from before to. */
function checkDefinition(value: DefinitionCheck, context: z.RefinementCtx) {
  if (typeof value.from === 'number' && typeof value.to === 'number' && value.from >= value.to)
    context.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  if (typeof value.strategy !== 'string' || !strategyNames.includes(value.strategy as never))
    return;
  const result = validateBotParams(value.strategy, value.params ?? {}, 'paper');
  if (result.ok) return;
  for (const error of result.errors)
    context.addIssue({ code: 'custom', path: error.field.split('.'), message: error.message });
}
const whenAnObject = {
  when: (payload: { value: unknown }) =>
    typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
};

export const CreateBacktestBody = z
  .object(definitionFields)
  .strict()
  .superRefine(checkDefinition, whenAnObject);
export type CreateBacktestBody = z.infer<typeof CreateBacktestBody>;

const GridValue = z.union([z.number(), z.string().max(100), z.boolean()], {
  error: 'must be a number, a text or true/false',
});
const GRID_KEY = /^[A-Za-z][A-Za-z0-9]{0,63}(\.[A-Za-z][A-Za-z0-9]{0,63})?$/;

export const SweepGrid = z
  .record(
    z.string().regex(GRID_KEY, 'must name a parameter: fastPeriod, or risk.stakeQuote'),
    z
      .array(GridValue, { error: 'must be a list of values' })
      .min(1, 'must list at least one value')
      .max(SWEEP_VALUES_MAX, `must list at most ${SWEEP_VALUES_MAX} values`),
    { error: 'must be an object of parameter: [values]' },
  )
  .refine((grid) => Object.keys(grid).length > 0, 'must name at least one parameter')
  .refine((grid) => Object.keys(grid).length <= 8, 'must name at most 8 parameters')
  .describe(
    'the values to try per parameter, e.g. {"fastPeriod":[5,6,7],"slowPeriod":[20,30]} (6 combinations); each combination replaces those params (a dotted name reaches into an object: risk.stakeQuote)',
  );
export type SweepGrid = z.infer<typeof SweepGrid>;

/** How many combinations a grid makes (stops counting past `cap`). */
export function gridSize(grid: Record<string, readonly unknown[]>, cap = Infinity): number {
  let size = 1;
  for (const values of Object.values(grid)) {
    size *= values.length;
    if (size > cap) return size;
  }
  return size;
}

/** Every combination of the grid, in a fixed order (the last parameter varies fastest). */
export function gridCombinations(
  grid: Record<string, readonly unknown[]>,
): Record<string, unknown>[] {
  let combinations: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid))
    combinations = combinations.flatMap((combination) =>
      values.map((value) => ({ ...combination, [key]: value })),
    );
  return combinations;
}

/** The params with one combination set in (dotted names reach into objects). */
export function withCombination(
  params: Record<string, unknown>,
  combination: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...params };
  for (const [key, value] of Object.entries(combination)) {
    const [outer, inner] = key.split('.');
    if (inner === undefined) result[outer] = value;
    else {
      const nested = result[outer];
      result[outer] = {
        ...(typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? nested : {}),
        [inner]: value,
      };
    }
  }
  return result;
}

export const CreateSweepBody = z
  .object({
    ...definitionFields,
    grid: SweepGrid,
    rankBy: z
      .enum(BacktestRankMetrics)
      .default('totalReturnPct')
      .describe(
        `the metric that ranks the combinations: ${BacktestRankMetrics.map((m) => `${m} (${BACKTEST_RANK_METRICS[m] === 'asc' ? 'smallest' : 'largest'} first)`).join(', ')}`,
      ),
  })
  .strict()
  .superRefine((body, context) => {
    if (typeof body.from === 'number' && typeof body.to === 'number' && body.from >= body.to)
      context.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    if (body.grid && gridSize(body.grid, SWEEP_COMBINATIONS_MAX) > SWEEP_COMBINATIONS_MAX)
      context.addIssue({
        code: 'custom',
        path: ['grid'],
        message: `makes more than ${SWEEP_COMBINATIONS_MAX} combinations`,
      });
  }, whenAnObject);
export type CreateSweepBody = z.infer<typeof CreateSweepBody>;

export const BacktestParams = z.object({ id: z.uuid('must be a UUID') }).strict();
export type BacktestParams = z.infer<typeof BacktestParams>;

export const BacktestListQuery = z
  .object({
    limit: limitParam,
    cursor: cursorParam(decodeTimeCursor).describe(
      'nextCursor of the previous page; left out: the newest backtests',
    ),
    status: z.enum(BacktestStatuses).optional().describe('only backtests in this status'),
    sweepId: z.uuid('must be a UUID').optional().describe('only the backtests of this sweep'),
  })
  .strict();
export type BacktestListQuery = z.infer<typeof BacktestListQuery>;

const iso = z.iso.datetime();

export const BacktestDefinitionView = z.object({
  exchangeId: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  strategy: z.string(),
  params: z.record(z.string(), z.unknown()).describe('as validated, defaults filled in'),
  from: z.number().describe('ms since 1970'),
  to: z.number().describe('ms since 1970, exclusive'),
  startingBalance: z.number(),
  slippagePct: z.number(),
});

const nullableNumber = z.number().nullable();
export const BacktestMetricsView = z.object({
  startingEquity: z.number(),
  finalEquity: z.number(),
  totalReturnPct: z.number(),
  maxDrawdownPct: z.number(),
  sharpe: nullableNumber,
  sortino: nullableNumber,
  winRatePct: nullableNumber,
  profitFactor: nullableNumber,
  trades: z.number(),
  fills: z.number(),
  averageHoldingMs: nullableNumber,
  exposurePct: z.number(),
  feesPaid: z.number(),
  buyAndHoldReturnPct: z.number(),
});

export const BacktestView = z.object({
  id: z.uuid(),
  sweepId: z.uuid().nullable(),
  status: z
    .enum(BacktestStatuses)
    .describe(
      'queued: waiting for a bot-worker; running (see progress); succeeded (metrics, result); failed (error); cancelled',
    ),
  progress: z.number().describe('0 to 1, stored about every second while it runs'),
  definition: BacktestDefinitionView,
  metrics: BacktestMetricsView.nullable().describe('once succeeded'),
  error: z.string().nullable().describe('why it failed, in words'),
  workerId: z.string().nullable().describe('the bot-worker that runs (or ran) it'),
  createdAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
});
export type BacktestView = z.infer<typeof BacktestView>;

export const BacktestDetail = BacktestView.extend({
  result: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe(
      'once succeeded: every order and trade, the equity curve, the events and the metrics (BacktestResult of @platform/contracts)',
    ),
});
export type BacktestDetail = z.infer<typeof BacktestDetail>;

export const BacktestList = z.object({
  items: z.array(BacktestView).describe('newest first; no full results (GET /backtests/{id})'),
  nextCursor: nextCursorField,
});
export type BacktestList = z.infer<typeof BacktestList>;

export const SweepView = z.object({
  id: z.uuid(),
  definition: BacktestDefinitionView.describe('the base definition the grid varies'),
  grid: z.record(z.string(), z.array(z.unknown())),
  rankBy: z.enum(BacktestRankMetrics),
  combinations: z.number().int(),
  counts: z
    .object({
      queued: z.number().int(),
      running: z.number().int(),
      succeeded: z.number().int(),
      failed: z.number().int(),
      cancelled: z.number().int(),
    })
    .describe('the combinations’ backtests per status'),
  done: z.boolean().describe('true once no combination is queued or running'),
  createdAt: iso,
  ranking: z
    .array(
      BacktestView.extend({
        rank: z.number().int().describe('1 = best by rankBy among the succeeded'),
        combination: z.record(z.string(), z.unknown()).describe('this backtest’s grid values'),
      }),
    )
    .describe(
      'the succeeded combinations best first by rankBy (those without that metric last), then the others',
    ),
});
export type SweepView = z.infer<typeof SweepView>;

export const CreateBotFromBacktestBody = z
  .object({
    name: text({ max: 100 }),
    placementTag: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._:=-]{1,64}$/, 'must be 1 to 64 letters, digits or . _ : = -')
      .nullable()
      .optional(),
  })
  .strict();
export type CreateBotFromBacktestBody = z.infer<typeof CreateBotFromBacktestBody>;
