import type {
  Balances,
  DecimalString,
  OrderRef,
  OrderSide,
  OrderType,
} from '../client/exchange-client';

/** One fill of a paper order, as the matching decided it (the ledger stamps `at`). */
export interface PaperFill {
  price: DecimalString;
  amount: DecimalString;
  fee: DecimalString;
  feeCurrency: string;
  /** The market data it filled against (ms): a resting order takes one slice per ticker. */
  tickerAt: number;
  /** When the ledger recorded it (ms). */
  at: number;
}

export type NewPaperFill = Omit<PaperFill, 'at'>;

/**
 * An order as the paper exchange keeps it: its fills, and their sums on the order (`filled`,
 * `average`, `fee`). Orders recorded before fills were kept have an empty list and at most one
 * fill, told by `average` and `filledAt`.
 */
export interface PaperOrder {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  amount: DecimalString;
  price: DecimalString | null;
  status: 'open' | 'closed' | 'canceled';
  filled: DecimalString;
  average: DecimalString | null;
  fee: DecimalString;
  feeCurrency: string | null;
  fills: PaperFill[];
  createdAt: number;
  /** When its last fill was recorded. */
  filledAt: number | null;
}

export type NewPaperOrder = Omit<PaperOrder, 'id' | 'createdAt' | 'filledAt' | 'fills'> & {
  fills: NewPaperFill[];
};

/** Added to an asset's free and used balance (negative to take away). */
export interface BalanceChange {
  asset: string;
  free: DecimalString;
  used: DecimalString;
}

/** What to write for a new order: the order and what it does to the balances. */
export interface Placement {
  order: NewPaperOrder;
  changes: BalanceChange[];
}

/**
 * What happens to an open order: its new fields, the fills to add to its list, and the balance
 * changes (null: nothing).
 */
export interface Settlement {
  update: Pick<PaperOrder, 'status' | 'filled' | 'average' | 'fee' | 'feeCurrency'>;
  newFills: NewPaperFill[];
  changes: BalanceChange[];
}

/**
 * Durable books of a paper account (one per paper bot). Every method is atomic: the decide
 * callbacks run inside the ledger's transaction, on balances locked for it, so two calls can
 * never spend the same funds; a balance can never go negative.
 */
export interface PaperLedger {
  /** Creates the account with these balances unless it exists already. */
  open(accountId: string, initial: Record<string, DecimalString>): Promise<void>;
  balances(accountId: string): Promise<Balances>;
  /**
   * Places an order once per client order id: a second call with the same id returns the first
   * order (`created: false`) and changes nothing.
   */
  place(
    accountId: string,
    clientOrderId: string,
    decide: (balances: Balances) => Placement,
  ): Promise<{ order: PaperOrder; created: boolean }>;
  find(accountId: string, ref: OrderRef): Promise<PaperOrder | null>;
  openOrders(accountId: string, symbol?: string): Promise<PaperOrder[]>;
  ordersSince(accountId: string, symbol: string, since: number): Promise<PaperOrder[]>;
  /** Applies `decide` to an open order (fill or cancel); returns the order as it now is. */
  settle(
    accountId: string,
    orderId: string,
    decide: (order: PaperOrder) => Settlement | null,
  ): Promise<PaperOrder | null>;
}
