import type { Account, Accounts } from './accounts';
import {
  DUPLICATE_ORDER,
  FILTER_FAILURE,
  INSUFFICIENT_BALANCE,
  MARKET_CLOSED,
  ORDER_NOT_FOUND,
  UNKNOWN_ORDER_CANCEL,
  WOULD_TAKE,
} from './errors';
import {
  type FilterName,
  checkNotional,
  checkOpenOrderCount,
  checkPercentPrice,
  checkPrice,
  checkQuantity,
} from './filters';
import { type Fixed, div, floorToStep, mul, mulCeil } from './fixed';
import type { Market } from './market';
import {
  type Order,
  type OrderSide,
  OrderStore,
  type OrderType,
  type TimeInForce,
  type Trade,
  isOpen,
} from './orders';
import type { SymbolConfig } from './symbols';

export interface NewOrder {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  timeInForce?: TimeInForce;
  quantity?: Fixed;
  /** MARKET only: spend (buy) or receive (sell) this much quote instead of a quantity */
  quoteOrderQty?: Fixed;
  price?: Fixed;
  clientOrderId: string;
}

export interface OrderRef {
  orderId?: number;
  clientOrderId?: string;
}

interface Plan {
  symbol: SymbolConfig;
  quantity: Fixed;
  /** what the order needs to hold or pay: quote for a buy, base for a sell */
  cost: Fixed;
  /** fill price when it executes at once as taker */
  takerPrice: Fixed | undefined;
}

/**
 * Spot matching against the simulated market: market orders and marketable limit orders take
 * the top of the synthetic book at once (unlimited depth there); other limit orders rest and
 * fill at their limit price once the last price trades at or through it. Fees are taken from
 * what the account receives, as on Binance without BNB: the base asset on buys, the quote
 * asset on sells.
 */
export class Engine {
  readonly store = new OrderStore();

  constructor(
    private readonly market: Market,
    private readonly accounts: Accounts,
    private readonly feeRate: Fixed,
    private readonly wallNow: () => number,
  ) {}

  /** POST /api/v3/order/test: every check of a new order, nothing executed. */
  test(account: Account, request: NewOrder): void {
    this.plan(account, request);
  }

  place(account: Account, request: NewOrder): Order {
    const plan = this.plan(account, request);
    const now = this.wallNow();
    const order: Order = {
      apiKey: account.apiKey,
      symbol: plan.symbol.id,
      orderId: this.store.newOrderId(plan.symbol.id),
      clientOrderId: request.clientOrderId,
      side: request.side,
      type: request.type,
      // Binance reports GTC for market and limit-maker orders too
      timeInForce: request.type === 'LIMIT' ? (request.timeInForce ?? 'GTC') : 'GTC',
      price: request.type === 'MARKET' ? 0n : (request.price ?? 0n),
      origQty: plan.quantity,
      origQuoteOrderQty: request.quoteOrderQty ?? 0n,
      executedQty: 0n,
      cummulativeQuoteQty: 0n,
      status: 'NEW',
      time: now,
      updateTime: now,
      locked: 0n,
      checkedAt: this.market.now(),
      fills: [],
    };
    this.store.add(order);
    account.updateTime = now;
    if (plan.takerPrice !== undefined) {
      this.fill(order, account, plan.quantity, plan.takerPrice, false);
    } else if (order.type !== 'MARKET' && order.timeInForce !== 'GTC') {
      // IOC/FOK that cannot match at once: nothing executes
      order.status = 'EXPIRED';
      this.store.refresh(order);
    } else {
      const s = plan.symbol;
      order.locked = plan.cost;
      account.lock(order.side === 'BUY' ? s.quote : s.base, plan.cost);
    }
    return order;
  }

  get(account: Account, symbol: string, ref: OrderRef): Order {
    const order = this.find(account, symbol, ref);
    if (!order) throw ORDER_NOT_FOUND();
    return order;
  }

  cancel(account: Account, symbol: string, ref: OrderRef): Order {
    const order = this.find(account, symbol, ref);
    // Binance answers -2011 both for unknown orders and for ones no longer open
    if (!order || !isOpen(order)) throw UNKNOWN_ORDER_CANCEL();
    this.close(order, account, 'CANCELED');
    return order;
  }

  cancelAll(account: Account, symbol: string): Order[] {
    const open = this.store.openOrders(account.apiKey, symbol);
    for (const order of open) this.close(order, account, 'CANCELED');
    return open;
  }

  /**
   * Fills resting orders the path has reached since they were last checked: a buy once the
   * last price was at or below its limit, a sell once at or above.
   */
  match(): Trade[] {
    const now = this.market.now();
    const trades: Trade[] = [];
    for (const symbol of this.store.symbolsWithOpenOrders()) {
      const extremes = new Map<number, { high: Fixed; low: Fixed }>();
      for (const order of this.store.openOrders(undefined, symbol)) {
        const from = Math.min(order.checkedAt, now);
        let range = extremes.get(from);
        if (!range) {
          range = this.market.extremes(symbol, from, now);
          extremes.set(from, range);
        }
        order.checkedAt = now;
        const reached = order.side === 'BUY' ? range.low <= order.price : range.high >= order.price;
        if (!reached) continue;
        const account = this.accounts.get(order.apiKey);
        if (!account) continue;
        trades.push(
          this.fill(order, account, order.origQty - order.executedQty, order.price, true),
        );
      }
    }
    return trades;
  }

  /** Admin: fill part (or all) of a resting order at its limit price, as a maker. */
  forceFill(order: Order, quantity?: Fixed): Trade {
    const account = this.accounts.get(order.apiKey);
    if (!account) throw new Error('the order belongs to a deleted key');
    if (!isOpen(order) || order.type === 'MARKET') throw new Error('the order is not resting');
    const remaining = order.origQty - order.executedQty;
    const qty = quantity ?? remaining;
    if (qty <= 0n || qty > remaining) throw new Error(`quantity must be in (0, ${remaining}]`);
    return this.fill(order, account, qty, order.price, true);
  }

  private find(account: Account, symbol: string, ref: OrderRef): Order | undefined {
    if (ref.orderId !== undefined) {
      const order = this.store.byId(account.apiKey, symbol, ref.orderId);
      // both given: Binance looks up by orderId and checks that the client id matches
      if (order && ref.clientOrderId !== undefined && order.clientOrderId !== ref.clientOrderId) {
        return undefined;
      }
      return order;
    }
    if (ref.clientOrderId !== undefined) {
      return this.store.byClientId(account.apiKey, symbol, ref.clientOrderId);
    }
    return undefined;
  }

  private plan(account: Account, request: NewOrder): Plan {
    const s = this.market.symbol(request.symbol);
    if (!s) throw new Error(`unknown symbol ${request.symbol}`);
    if (s.status !== 'TRADING') throw MARKET_CLOSED();
    const quote = this.market.quote(s.id);
    const touch = request.side === 'BUY' ? quote.ask : quote.bid;
    let quantity: Fixed;
    let notional: Fixed;
    let takerPrice: Fixed | undefined;
    if (request.type === 'MARKET') {
      takerPrice = touch;
      if (request.quoteOrderQty !== undefined) {
        quantity = floorToStep(div(request.quoteOrderQty, touch), s.stepSize);
        notional = request.quoteOrderQty;
      } else {
        quantity = request.quantity ?? 0n;
        notional = mul(touch, quantity);
      }
      failIf(checkQuantity(s, quantity) ?? checkNotional(s, notional, true));
    } else {
      const price = request.price ?? 0n;
      quantity = request.quantity ?? 0n;
      notional = mul(price, quantity);
      failIf(
        checkPrice(s, price) ??
          checkPercentPrice(price, quote.last) ??
          checkQuantity(s, quantity) ??
          checkNotional(s, notional, false) ??
          checkOpenOrderCount(this.store.openOrders(account.apiKey, s.id).length),
      );
      const marketable = request.side === 'BUY' ? price >= touch : price <= touch;
      if (marketable && request.type === 'LIMIT_MAKER') throw WOULD_TAKE();
      // a marketable limit order executes at the better touch price, as a taker
      if (marketable) takerPrice = touch;
    }
    if (this.store.openClientIdInUse(account.apiKey, request.clientOrderId)) {
      throw DUPLICATE_ORDER();
    }
    const cost =
      request.side === 'SELL' ? quantity : mulCeil(takerPrice ?? request.price ?? 0n, quantity);
    if (!account.canSpend(request.side === 'BUY' ? s.quote : s.base, cost)) {
      throw INSUFFICIENT_BALANCE();
    }
    return { symbol: s, quantity, cost, takerPrice };
  }

  private fill(order: Order, account: Account, qty: Fixed, price: Fixed, isMaker: boolean): Trade {
    const s = this.market.symbol(order.symbol);
    if (!s) throw new Error(`unknown symbol ${order.symbol}`);
    const now = this.wallNow();
    const quoteQty = mul(price, qty);
    const buying = order.side === 'BUY';
    const paid = buying ? quoteQty : qty;
    const payAsset = buying ? s.quote : s.base;
    const received = buying ? qty : quoteQty;
    const receiveAsset = buying ? s.base : s.quote;
    const commission = mul(received, this.feeRate);
    if (order.locked > 0n) {
      account.debitLocked(payAsset, paid);
      order.locked -= paid;
    } else {
      account.debitFree(payAsset, paid);
    }
    account.credit(receiveAsset, received - commission);
    const trade: Trade = {
      symbol: s.id,
      id: this.store.newTradeId(s.id),
      orderId: order.orderId,
      price,
      qty,
      quoteQty,
      commission,
      commissionAsset: receiveAsset,
      time: now,
      isBuyer: buying,
      isMaker,
    };
    order.fills.push(trade);
    this.store.addTrade(account.apiKey, trade);
    order.executedQty += qty;
    order.cummulativeQuoteQty += quoteQty;
    order.updateTime = now;
    account.updateTime = now;
    if (order.executedQty >= order.origQty) this.close(order, account, 'FILLED');
    else {
      order.status = 'PARTIALLY_FILLED';
      this.store.refresh(order);
    }
    return trade;
  }

  private close(order: Order, account: Account, status: 'FILLED' | 'CANCELED' | 'EXPIRED'): void {
    const s = this.market.symbol(order.symbol);
    if (s && order.locked > 0n) {
      // what rounding (or a cancel) leaves of the hold goes back to free
      account.unlock(order.side === 'BUY' ? s.quote : s.base, order.locked);
      order.locked = 0n;
    }
    order.status = status;
    order.updateTime = this.wallNow();
    this.store.refresh(order);
  }
}

function failIf(filter: FilterName | null): void {
  if (filter !== null) throw FILTER_FAILURE(filter);
}
