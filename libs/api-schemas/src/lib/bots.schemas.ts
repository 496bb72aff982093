import {
  BotActionKinds,
  BotActionStatuses,
  BotDesiredStates,
  type BotLiveStatus,
  BotModes,
  SUPPORTED_EXCHANGES,
} from '@platform/contracts';
import { strategyNames, validateBotParams } from '@platform/strategies';
import { z } from 'zod';
import { MarketSymbol } from './market.schemas';
import {
  decodeNameCursor,
  decodeTimeCursor,
  limitParam,
  NAME_CURSOR_MAX,
  type NameCursor,
  nextCursorField,
  NOT_A_CURSOR,
  type TimeCursor,
} from './paging';
import { text } from './text';

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
  allowSharedAccount: z
    .boolean({ error: 'must be true or false' })
    .describe(
      'a live bot may run while another of your live bots runs on the same exchange account and symbol (both trade against the same balance). false (the default): such a start is a 409 account_in_use naming the other bot. Paper bots have their own ledger and never conflict',
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
    allowSharedAccount: fields.allowSharedAccount.default(false),
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
    allowSharedAccount: fields.allowSharedAccount,
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

/** A bot's actual state, as its status shows it and the list filters on it (live events too). */
export const BOT_ACTUAL_STATES = [
  'running',
  'starting',
  'stopping',
  'stopped',
  'error',
] as const satisfies readonly BotLiveStatus[];
const ActualState = z.enum(BOT_ACTUAL_STATES);

export const BOT_LIST_SORTS = ['created', 'name'] as const;

/** The list's order, and where a page continues (from the cursor of the same sort). */
export type BotListOrder =
  | { sort: 'created'; after?: TimeCursor }
  | { sort: 'name'; after?: NameCursor };

function listOrder(sort: (typeof BOT_LIST_SORTS)[number], cursor?: string): BotListOrder | null {
  if (sort === 'name') {
    const after = cursor === undefined ? undefined : decodeNameCursor(cursor);
    return after === null ? null : { sort, after };
  }
  const after = cursor === undefined ? undefined : decodeTimeCursor(cursor);
  return after === null ? null : { sort, after };
}

export const BotListQuery = z
  .object({
    limit: limitParam,
    cursor: z
      .string()
      .max(NAME_CURSOR_MAX, NOT_A_CURSOR)
      .optional()
      .describe('nextCursor of the previous page, with the same sort; left out: the first page'),
    status: ActualState.optional().describe('only bots in this actual state (status.actual)'),
    strategy: fields.strategy.optional(),
    mode: fields.mode.optional(),
    exchangeId: fields.exchangeId.optional(),
    symbol: MarketSymbol.optional(),
    q: text({ min: 0, max: 100 })
      .optional()
      .describe('only bots whose name or symbol contains this, case-insensitive; empty: all'),
    sort: z
      .enum(BOT_LIST_SORTS)
      .default('created')
      .describe('created: newest first (the default); name: A to Z, case-insensitive'),
  })
  .strict()
  .transform(({ cursor, sort, q, ...filters }, context) => {
    const order = listOrder(sort, cursor);
    if (order === null) {
      context.addIssue({ code: 'custom', path: ['cursor'], message: NOT_A_CURSOR });
      return z.NEVER;
    }
    return { ...filters, q: q === '' ? undefined : q, order };
  });
export type BotListQuery = z.infer<typeof BotListQuery>;

const iso = z.iso.datetime();
export const BotStatusSummary = z.object({
  desired: z.enum(BotDesiredStates),
  actual: ActualState.describe(
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
  allowSharedAccount: fields.allowSharedAccount,
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
  total: z.number().int().describe('how many bots match the filters, on all pages together'),
});
export type BotList = z.infer<typeof BotList>;

export const BotActionParams = z
  .object({ id: z.uuid('must be a UUID'), actionId: z.uuid('must be a UUID') })
  .strict();
export type BotActionParams = z.infer<typeof BotActionParams>;

/** A manual action (cancel the open orders; sell everything and stop) and how it went. */
export const BotActionView = z.object({
  id: z.uuid(),
  botId: z.uuid(),
  kind: z
    .enum(BotActionKinds)
    .describe(
      'cancel_orders: cancel the open orders at the exchange; liquidate: cancel them, sell the whole position at the market, then stop the bot',
    ),
  status: z
    .enum(BotActionStatuses)
    .describe('pending until the bot’s worker has carried it out: done, or failed (see result)'),
  requestedAt: iso,
  finishedAt: iso.nullable(),
  result: z.string().nullable().describe('what was done, or why it failed, in words'),
  orderId: z
    .uuid()
    .nullable()
    .describe('liquidate: the sell order placed for it (GET /bots/{id}/orders shows it)'),
});
export type BotActionView = z.infer<typeof BotActionView>;

export const BotActionAccepted = z.object({
  action: BotActionView,
  alreadyRequested: z
    .boolean()
    .describe(
      'true: the same action was already waiting, and this is it (asking again never does it twice)',
    ),
  message: z.string().describe('what will happen, in words'),
});
export type BotActionAccepted = z.infer<typeof BotActionAccepted>;
