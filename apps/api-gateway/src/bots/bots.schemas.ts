import { BotDesiredStates, BotModes } from '@platform/persistence';
import { strategyNames, validateBotParams } from '@platform/strategies';
import { z } from 'zod';
import { SUPPORTED_EXCHANGES } from '../exchange-accounts/exchange-catalog';
import { MarketSymbol } from '../market/market.schemas';
import { text } from '../validation/text';
import { cursorParam, decodeTimeCursor, limitParam, nextCursorField } from './page';

export const BOT_TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;

const Name = text({ max: 100 });
const PlacementTag = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._:=-]{1,64}$/, 'must be 1 to 64 letters, digits or . _ : = -')
  .nullable();
const Params = z
  .record(z.string(), z.unknown(), { error: 'must be an object' })
  .describe("the strategy's parameters (see libs/strategies); replaced as a whole on PATCH");

const fields = {
  name: Name,
  exchangeId: z.enum(SUPPORTED_EXCHANGES),
  symbol: MarketSymbol,
  timeframe: z.enum(BOT_TIMEFRAMES),
  strategy: z.enum(strategyNames),
  params: Params,
  mode: z.enum(BotModes),
  exchangeAccountId: z.uuid('must be a UUID').nullable(),
  placementTag: PlacementTag,
  cancelOrdersOnStop: z
    .boolean({ error: 'must be true or false' })
    .describe(
      'when you stop or delete the bot: true (the default) has its worker cancel its open orders at the exchange first (the bot shows stopping until they are); false leaves them resting. May change while the bot runs: it is read when the stop happens',
    ),
};

type ParamsCheck = { strategy?: unknown; params?: unknown; mode?: unknown };

/**
 * The strategy's own rules for `params`, reported with the other field errors at once (zod's
 * `when` runs the check even if another field failed), as `params.<field>`.
 */
function checkParams(value: ParamsCheck, context: z.RefinementCtx) {
  if (typeof value.strategy !== 'string' || !strategyNames.includes(value.strategy as never))
    return;
  const mode = value.mode === 'live' ? 'live' : 'paper';
  const result = validateBotParams(value.strategy, value.params ?? {}, mode);
  if (result.ok) return;
  for (const error of result.errors)
    context.addIssue({ code: 'custom', path: error.field.split('.'), message: error.message });
}
// Also when another field failed, but only on an object (a null or array body has no fields).
const whenAnObject = {
  when: (payload: { value: unknown }) =>
    typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
};

export const CreateBotBody = z
  .object({
    ...fields,
    params: fields.params.default({}),
    mode: fields.mode.default('paper'),
    exchangeAccountId: fields.exchangeAccountId.optional(),
    placementTag: fields.placementTag.optional(),
    cancelOrdersOnStop: fields.cancelOrdersOnStop.default(true),
  })
  .strict()
  .superRefine((bot, context) => {
    checkParams(bot, context);
    if (bot.mode === 'live' && !bot.exchangeAccountId)
      context.addIssue({
        code: 'custom',
        path: ['exchangeAccountId'],
        message: 'is required for live bots',
      });
  }, whenAnObject);
export type CreateBotBody = z.infer<typeof CreateBotBody>;

export const UpdateBotBody = z
  .object({
    name: fields.name,
    symbol: fields.symbol,
    timeframe: fields.timeframe,
    strategy: fields.strategy,
    params: fields.params,
    mode: fields.mode,
    exchangeAccountId: fields.exchangeAccountId,
    placementTag: fields.placementTag,
    cancelOrdersOnStop: fields.cancelOrdersOnStop,
  })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message: 'change at least one field',
    when: (payload) => payload.issues.length === 0, // an unknown field is the better answer
  });
export type UpdateBotBody = z.infer<typeof UpdateBotBody>;

export const BotParams = z.object({ id: z.uuid('must be a UUID') }).strict();
export type BotParams = z.infer<typeof BotParams>;

export const BotListQuery = z
  .object({ limit: limitParam, cursor: cursorParam(decodeTimeCursor) })
  .strict();
export type BotListQuery = z.infer<typeof BotListQuery>;

const iso = z.iso.datetime();
export const BotStatusSummary = z.object({
  desired: z.enum(BotDesiredStates),
  actual: z
    .enum(['running', 'starting', 'stopping', 'stopped', 'error'])
    .describe(
      'running: a worker holds it and ticked within 15 s; starting: wanted but not claimed yet; stopping: stopped but a worker still runs it; error: stopped by the engine (lastError)',
    ),
  workerId: z.string().nullable(),
  lastTickAt: iso.nullable(),
});

export const BotView = z.object({
  id: z.uuid(),
  name: z.string(),
  exchangeId: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  strategy: z.string(),
  params: z.record(z.string(), z.unknown()).describe('as validated, defaults filled in'),
  mode: z.enum(BotModes),
  exchangeAccountId: z.uuid().nullable(),
  placementTag: z.string().nullable(),
  cancelOrdersOnStop: fields.cancelOrdersOnStop,
  desiredState: z.enum(BotDesiredStates),
  lastError: z.string().nullable(),
  lastErrorAt: iso.nullable(),
  createdAt: iso,
  updatedAt: iso,
  status: BotStatusSummary,
});
export type BotView = z.infer<typeof BotView>;

export const BotList = z.object({
  items: z.array(BotView),
  nextCursor: nextCursorField,
});
