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

/** A user's own risk limits, across their bots, as the engine checks them. */
export interface UserDailyLoss {
  /** The user's daily loss limit in quote, or null: none. */
  limit: number | null;
  /** Realized profit today (negative: loss) of the user's bots of the same mode and quote. */
  realized: number;
}

/** Where an order is placed: what keys its exchange order id. */
export type OrderVenue = Pick<BotConfig, 'exchangeId' | 'symbol' | 'mode' | 'exchangeAccountId'>;

export interface Position {
  base: Decimal;
  averageEntry: Decimal | null;
  realizedPnl: Decimal;
  feesQuote: Decimal;
  tradesCount: number;
  /** Realized profit of the round trip under way (since the entry), fees included. */
  roundTripPnl: Decimal;
  /** When a round trip last closed at a loss (ms since the epoch), or null. */
  lastLossAt: number | null;
  /** The UTC day ('YYYY-MM-DD') of the last fill that realized a profit or loss. */
  pnlDay: string | null;
  /** What the fills of pnlDay realized, fees included. */
  dayRealizedPnl: Decimal;
  /** The highest price since the position was entered; null while flat. */
  peakPrice: Decimal | null;
  /** The highest equity the drawdown stop has seen; null before it looked. */
  peakEquity: Decimal | null;
}

export const emptyPosition = (): Position => ({
  base: '0',
  averageEntry: null,
  realizedPnl: '0',
  feesQuote: '0',
  tradesCount: 0,
  roundTripPnl: '0',
  lastLossAt: null,
  pnlDay: null,
  dayRealizedPnl: '0',
  peakPrice: null,
  peakEquity: null,
});

/** The highs the risk stops measure from, raised as prices come (only upwards). */
export interface RiskMarks {
  peakPrice?: Decimal;
  peakEquity?: Decimal;
}

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
