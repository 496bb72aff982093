import type { Fixed } from './fixed';

export type OrderSide = 'BUY' | 'SELL';
export type OrderType = 'LIMIT' | 'MARKET' | 'LIMIT_MAKER';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

/** enums.md "Expiry Reasons": the ones this simulator produces. */
export type ExpiryReason =
  | 'UNFILLED_IOC_QUANTITY_EXPIRED'
  | 'UNFILLED_FOK_ORDER_EXPIRED'
  | 'INSUFFICIENT_LIQUIDITY';

export const ORDER_TYPES: readonly OrderType[] = ['LIMIT', 'LIMIT_MAKER', 'MARKET'];

export interface Trade {
  symbol: string;
  id: number;
  orderId: number;
  price: Fixed;
  qty: Fixed;
  quoteQty: Fixed;
  commission: Fixed;
  commissionAsset: string;
  /** wall-clock ms, like transactTime */
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

export interface Order {
  apiKey: string;
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: OrderSide;
  type: OrderType;
  timeInForce: TimeInForce;
  /** 0 for market orders, as Binance reports them */
  price: Fixed;
  origQty: Fixed;
  origQuoteOrderQty: Fixed;
  executedQty: Fixed;
  cummulativeQuoteQty: Fixed;
  status: OrderStatus;
  /** why an EXPIRED order expired (shown in RESULT/FULL answers and queries) */
  expiryReason?: ExpiryReason;
  /** wall-clock ms */
  time: number;
  updateTime: number;
  /** still held for this order: quote for a buy, base for a sell */
  locked: Fixed;
  /** market time up to which the path has been checked against this resting order */
  checkedAt: number;
  /** 'depth' fills: the price step and price version last checked (resting-fills.ts) */
  checkedStep: number;
  checkedVersion: number;
  fills: Trade[];
}

export function isOpen(order: Order): boolean {
  return order.status === 'NEW' || order.status === 'PARTIALLY_FILLED';
}

/** Every order and trade, indexed the ways the endpoints look them up. */
export class OrderStore {
  private readonly orders = new Map<string, Map<number, Order>>(); // symbol -> orderId -> order
  private readonly open = new Map<string, Set<Order>>(); // symbol -> open orders (all keys)
  private readonly trades = new Map<string, Trade[]>(); // apiKey -> trades, in id order
  private readonly nextOrderId = new Map<string, number>();
  private readonly nextTradeId = new Map<string, number>();

  newOrderId(symbol: string): number {
    const id = this.nextOrderId.get(symbol) ?? 1;
    this.nextOrderId.set(symbol, id + 1);
    return id;
  }

  newTradeId(symbol: string): number {
    const id = this.nextTradeId.get(symbol) ?? 1;
    this.nextTradeId.set(symbol, id + 1);
    return id;
  }

  add(order: Order): void {
    let bySymbol = this.orders.get(order.symbol);
    if (!bySymbol) {
      bySymbol = new Map();
      this.orders.set(order.symbol, bySymbol);
    }
    bySymbol.set(order.orderId, order);
    this.refresh(order);
  }

  /** Call after a status change: keeps the open-order index right. */
  refresh(order: Order): void {
    let set = this.open.get(order.symbol);
    if (!set) {
      set = new Set();
      this.open.set(order.symbol, set);
    }
    if (isOpen(order)) set.add(order);
    else set.delete(order);
  }

  addTrade(apiKey: string, trade: Trade): void {
    let list = this.trades.get(apiKey);
    if (!list) {
      list = [];
      this.trades.set(apiKey, list);
    }
    list.push(trade);
  }

  byId(apiKey: string, symbol: string, orderId: number): Order | undefined {
    const order = this.orders.get(symbol)?.get(orderId);
    return order?.apiKey === apiKey ? order : undefined;
  }

  /** The open order with this client id if any, else the latest one (ids repeat once closed). */
  byClientId(apiKey: string, symbol: string, clientOrderId: string): Order | undefined {
    let latest: Order | undefined;
    for (const order of this.orders.get(symbol)?.values() ?? []) {
      if (order.apiKey !== apiKey || order.clientOrderId !== clientOrderId) continue;
      if (isOpen(order)) return order;
      latest = order;
    }
    return latest;
  }

  /** Binance: newClientOrderId must be unique among the account's OPEN orders only. */
  openClientIdInUse(apiKey: string, clientOrderId: string): boolean {
    for (const set of this.open.values()) {
      for (const order of set) {
        if (order.apiKey === apiKey && order.clientOrderId === clientOrderId) return true;
      }
    }
    return false;
  }

  openOrders(apiKey?: string, symbol?: string): Order[] {
    const sets =
      symbol === undefined ? [...this.open.values()] : [this.open.get(symbol) ?? new Set<Order>()];
    return sets
      .flatMap((set) => [...set])
      .filter((order) => apiKey === undefined || order.apiKey === apiKey)
      .sort((a, b) => a.time - b.time || a.orderId - b.orderId);
  }

  symbolsWithOpenOrders(): string[] {
    return [...this.open.entries()].filter(([, set]) => set.size > 0).map(([symbol]) => symbol);
  }

  allOrders(apiKey: string, symbol: string): Order[] {
    return [...(this.orders.get(symbol)?.values() ?? [])].filter((o) => o.apiKey === apiKey);
  }

  allOrdersOfEveryKey(): Order[] {
    return [...this.orders.values()].flatMap((bySymbol) => [...bySymbol.values()]);
  }

  tradesOf(apiKey: string, symbol: string): Trade[] {
    return (this.trades.get(apiKey) ?? []).filter((t) => t.symbol === symbol);
  }

  clear(): void {
    this.orders.clear();
    this.open.clear();
    this.trades.clear();
    this.nextOrderId.clear();
    this.nextTradeId.clear();
  }
}
