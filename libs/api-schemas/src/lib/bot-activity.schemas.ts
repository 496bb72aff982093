import { BotDesiredStates, OrderSides, OrderStatuses, OrderTypes } from '@platform/contracts';
import { z } from 'zod';
import { BotStatusSummary } from './bots.schemas';
import {
  aliasedPageQuery,
  decodeIdCursor,
  decodeTimeCursor,
  nextCursorField as nextCursor,
} from './paging';
import { commaList, instantParam } from './query-values';

const iso = z.iso.datetime();
const decimal = z.string().describe('exact decimal as text');

/** Pages of a bot's activity, unfiltered. */
export const TimePageQuery = aliasedPageQuery(decodeTimeCursor);
export type TimePageQuery = z.infer<typeof TimePageQuery>;

const side = z.enum(OrderSides).optional().describe('only buys or only sells');

export const OrderPageQuery = aliasedPageQuery(decodeTimeCursor, {
  status: commaList({
    what: 'an order status',
    itemPattern: '[a-z_]+',
    allowed: OrderStatuses,
    max: OrderStatuses.length,
  })
    .optional()
    .describe(
      `only orders in one of these statuses, comma-separated, e.g. status=open,partially_filled (${OrderStatuses.join(', ')})`,
    ),
  side,
  type: z.enum(OrderTypes).optional().describe('only market or only limit orders'),
});
export type OrderPageQuery = z.infer<typeof OrderPageQuery>;

export const TradePageQuery = aliasedPageQuery(decodeTimeCursor, {
  side,
  from: instantParam
    .optional()
    .describe('only fills executed at or after this time (ISO 8601 with a zone, or ms since 1970)'),
  to: instantParam
    .optional()
    .describe('only fills executed before this time (ISO 8601 with a zone, or ms since 1970)'),
}).superRefine(({ from, to }, context) => {
  if (from !== undefined && to !== undefined && to <= from)
    context.addIssue({ code: 'custom', path: ['to'], message: 'must be later than from' });
});
export type TradePageQuery = z.infer<typeof TradePageQuery>;

/** An event type's shape (bot.claimed, order.intent): dotted lower-case words. */
const EVENT_TYPE_PATTERN = '[a-z][a-z_]*(?:\\.[a-z][a-z_]*)+';
export const EVENT_TYPES_MAX = 20;

export const EventPageQuery = aliasedPageQuery(decodeIdCursor, {
  type: commaList({
    what: 'an event type (such as bot.claimed)',
    itemPattern: EVENT_TYPE_PATTERN,
    max: EVENT_TYPES_MAX,
  })
    .optional()
    .describe(
      `only events of these types, comma-separated, e.g. type=bot.claimed,bot.released (at most ${EVENT_TYPES_MAX})`,
    ),
});
export type EventPageQuery = z.infer<typeof EventPageQuery>;

export const OrderView = z.object({
  id: z.uuid(),
  clientOrderId: z.string(),
  exchangeOrderId: z.string().nullable(),
  side: z.enum(['buy', 'sell']),
  type: z.enum(['market', 'limit']),
  status: z.enum(OrderStatuses),
  amount: decimal,
  price: decimal.nullable(),
  filled: decimal,
  averagePrice: decimal.nullable(),
  signal: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
});
export const OrderPage = z.object({ items: z.array(OrderView), nextCursor });

export const TradeView = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  exchangeTradeId: z.string(),
  side: z.enum(['buy', 'sell']),
  price: decimal,
  amount: decimal,
  fee: decimal,
  feeCurrency: z.string().nullable(),
  executedAt: iso,
});
export const TradePage = z.object({ items: z.array(TradeView), nextCursor });

export const EventView = z.object({
  id: z.string(),
  type: z.string().describe('e.g. bot.started, bot.claimed, order.intent, bot.error'),
  message: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: iso,
});
export const EventPage = z.object({ items: z.array(EventView), nextCursor });

const Balances = z.record(z.string(), z.object({ free: decimal, used: decimal, total: decimal }));
export const BotBalancesView = z.object({
  botId: z.uuid(),
  source: z
    .enum(['paper', 'exchange'])
    .describe("paper: the bot's own ledger; exchange: its account's"),
  balances: Balances,
  fetchedAt: iso,
});

export const BotStatusView = z.object({
  botId: z.uuid(),
  desiredState: z.enum(BotDesiredStates),
  actualState: BotStatusSummary.shape.actual,
  worker: z
    .object({
      id: z.string(),
      host: z.string().nullable(),
      claimedAt: iso,
      lastTickAt: iso.nullable(),
    })
    .nullable()
    .describe('the worker that runs it now'),
  position: z.object({
    base: decimal,
    averageEntry: decimal.nullable(),
    realizedProfit: decimal.describe('in the quote currency'),
    feesQuote: decimal,
    tradesCount: z.number().int(),
  }),
  price: z
    .object({ last: decimal, fetchedAt: iso })
    .nullable()
    .describe('null when no price is available right now'),
  unrealizedProfit: decimal
    .nullable()
    .describe('base * (price - average entry); null without a price'),
  paperBalances: Balances.nullable().describe('paper bots only'),
  lastError: z.string().nullable(),
  lastErrorAt: iso.nullable(),
});
export type BotStatusView = z.infer<typeof BotStatusView>;
