import type { BotMode, Decimal, OrderSide, OrderStatus, OrderType } from '../schema/domain-values';

/** What the engine needs of a bot's configuration. */
export interface BotConfig {
  id: string;
  userId: string;
  exchangeId: string;
  symbol: string;
  timeframe: string;
  strategy: string;
  params: Record<string, unknown>;
  mode: BotMode;
  exchangeAccountId: string | null;
  /** The account's keys were verified by a successful balance call. */
  accountVerified: boolean;
  /** A stop by the user cancels the bot's open orders first. */
  cancelOrdersOnStop: boolean;
}

/** Where an order is placed: what keys its exchange order id. */
export type OrderVenue = Pick<BotConfig, 'exchangeId' | 'symbol' | 'mode' | 'exchangeAccountId'>;

export interface Position {
  base: Decimal;
  averageEntry: Decimal | null;
  realizedPnl: Decimal;
  feesQuote: Decimal;
  tradesCount: number;
}

export const emptyPosition = (): Position => ({
  base: '0',
  averageEntry: null,
  realizedPnl: '0',
  feesQuote: '0',
  tradesCount: 0,
});

export interface OrderRecord {
  id: string;
  clientOrderId: string;
  exchangeOrderId: string | null;
  side: OrderSide;
  type: OrderType;
  amount: Decimal;
  price: Decimal | null;
  filled: Decimal;
  averagePrice: Decimal | null;
  status: OrderStatus;
  /** The strategy's reason, or for limit orders the key that identifies its level. */
  signal: string | null;
  createdAt: Date;
}

export interface NewIntent {
  side: OrderSide;
  type: OrderType;
  amount: Decimal;
  price: Decimal | null;
  signal: string;
}

export interface FillRecord {
  exchangeTradeId: string;
  side: OrderSide;
  price: Decimal;
  amount: Decimal;
  fee: Decimal;
  feeCurrency: string | null;
  executedAt: Date;
}

/** The exchange's answer about an order, as it will be recorded. */
export interface OrderOutcome {
  status: OrderStatus;
  exchangeOrderId: string | null;
  filled: Decimal;
  averagePrice: Decimal | null;
  fills: FillRecord[];
  error?: string;
}

/** Everything a new owner needs to continue a bot where it was. */
export interface BotSnapshot {
  config: BotConfig;
  orderSeq: string;
  strategyState: unknown;
  position: Position;
  /** Orders whose fate is not known yet (intent, unknown): resolved before anything else. */
  pending: OrderRecord[];
  /** Orders resting on the exchange (open, partially filled). */
  open: OrderRecord[];
  /** The error shown for the bot (a previous owner's report, until an evaluation succeeds). */
  lastError: string | null;
}
