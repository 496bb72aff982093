/** Exact decimal as text: amounts and prices are never floats in our records. */
export type DecimalString = string;

export interface MarketInfo {
  symbol: string;
  base: string;
  quote: string;
  active: boolean;
  /** Step sizes, as decimals: amounts and prices must be multiples of these. */
  amountStep: DecimalString | null;
  priceStep: DecimalString | null;
  minAmount: DecimalString | null;
  minNotional: DecimalString | null;
  /** Fee rates, e.g. "0.001" for 0.1%. */
  takerFee: DecimalString;
  makerFee: DecimalString;
}

export interface Ticker {
  symbol: string;
  last: DecimalString;
  bid: DecimalString | null;
  ask: DecimalString | null;
  /** Quantities quoted at the best bid and ask (the book's depth at the touch), when known. */
  bidQty?: DecimalString | null;
  askQty?: DecimalString | null;
  /** Exchange time of the ticker, ms since the epoch. */
  timestamp: number;
}

/** [open time ms, open, high, low, close, volume] */
export type Candle = [
  number,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
];

export interface BalanceEntry {
  free: DecimalString;
  used: DecimalString;
  total: DecimalString;
}

export type Balances = Record<string, BalanceEntry>;

export interface KeyPermissions {
  canTrade: boolean;
  /** A key that can withdraw puts the funds at risk if it leaks: users are warned. */
  canWithdraw: boolean;
}

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';

export interface PlaceOrderRequest {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  amount: DecimalString;
  /** Limit orders only. */
  price?: DecimalString;
  /** Deterministic id written in the intent before sending (docs/architecture.md rule 4: intent before order). */
  clientOrderId: string;
  /**
   * Asked at the last moment before the order leaves (after any wait for budget): false means
   * the sender no longer owns the bot, and the order is not sent (OrderNotSentError).
   */
  mayStillSend?: () => boolean;
}

export interface Fill {
  id: string;
  price: DecimalString;
  amount: DecimalString;
  fee: DecimalString;
  feeCurrency: string | null;
  timestamp: number;
}

export interface ExchangeOrder {
  id: string;
  clientOrderId: string | null;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  status: 'open' | 'closed' | 'canceled' | 'expired' | 'rejected';
  amount: DecimalString;
  filled: DecimalString;
  price: DecimalString | null;
  average: DecimalString | null;
  fills: Fill[];
  timestamp: number;
}

export type OrderRef =
  | { id: string; clientOrderId?: never }
  | { clientOrderId: string; id?: never };

/**
 * What the platform needs from an exchange. Every failure is one of the ExchangeError classes
 * (never a vendor error), so callers decide retries on `kind` and `retryable`.
 */
export interface ExchangeClient {
  readonly exchangeId: string;
  loadMarkets(reload?: boolean): Promise<Record<string, MarketInfo>>;
  fetchTicker(symbol: string): Promise<Ticker>;
  /** All tickers (or the given ones) in one request where the exchange allows it. */
  fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>>;
  fetchCandles(symbol: string, timeframe: string, limit: number, since?: number): Promise<Candle[]>;
  fetchBalance(): Promise<Balances>;
  /** What the key may do, where the exchange tells (null: it does not). */
  fetchKeyPermissions(): Promise<KeyPermissions | null>;
  createOrder(request: PlaceOrderRequest): Promise<ExchangeOrder>;
  fetchOrder(ref: OrderRef, symbol: string): Promise<ExchangeOrder>;
  cancelOrder(id: string, symbol: string): Promise<ExchangeOrder>;
  /** The fills of one order (an order looked up after a lost answer comes without them). */
  fetchOrderFills(id: string, symbol: string): Promise<Fill[]>;
  fetchOpenOrders(symbol?: string): Promise<ExchangeOrder[]>;
  /** Every order of the account in one market since a time (open, filled or canceled). */
  fetchOrdersSince(symbol: string, since: number): Promise<ExchangeOrder[]>;
  /**
   * The exchange's own counts of this key's orders per window, as its last answer to an order
   * (accepted or refused) gave them; empty where the exchange sends none.
   */
  orderCounts?(): OrderCount[];
}

/** The exchange counted `used` orders of the key in its current window of `perMs`. */
export interface OrderCount {
  perMs: number;
  used: number;
}
