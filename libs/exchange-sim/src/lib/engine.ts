import type { Account, Accounts } from './accounts';
import {
  CANCEL_RESTRICTED,
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
import { DEFAULT_DEPTH, OrderBook } from './book';
import type { Level } from './depth';
import { type Fixed, div, floorToStep, mul, mulCeil } from './fixed';
import type { Market } from './market';
import {
  type ExpiryReason,
  type Order,
  type OrderSide,
  OrderStore,
  type OrderType,
  type TimeInForce,
  type Trade,
  isOpen,
} from './orders';
import { restingSlices } from './resting-fills';
import type { SymbolConfig } from './symbols';
import { takeQuantity, takeQuote, totalQty, totalQuote } from './taker';

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

/** DELETE /api/v3/order `cancelRestrictions` */
export type CancelRestriction = 'ONLY_NEW' | 'ONLY_PARTIALLY_FILLED';

export interface OrderRef {
  orderId?: number;
  clientOrderId?: string;
}

interface Plan {
  symbol: SymbolConfig;
  /** origQty: for a MARKET order by quoteOrderQty, what the walk fills */
  quantity: Fixed;
  /** what the order needs to hold or pay: quote for a buy, base for a sell */
  cost: Fixed;
  /** what it takes from the book at once, as taker, best level first */
  takes: Level[];
  /** what rests on the book at its limit (GTC) */
  rest: Fixed;
  /** set when what neither fills at once nor rests expires */
  expiry?: ExpiryReason;
}

/** How orders meet the book (its mode and depth); the default book fills whole, as before issue 14. */
export interface FillSettings {
  book?: OrderBook;
  /** an order's first fill (the ORDERS count takes one off) */
  onFirstFill?: (order: Order) => void;
}

/**
 * Spot matching against the simulated market: market orders and marketable limit orders walk
 * the synthetic book (book.ts) as takers, one fill per level; what a GTC limit order does not
 * fill at once rests and fills at its limit as the price path reaches it (in parts per price
 * step in 'depth' mode, whole in 'whole' mode). Fees are taken from what the account
 * receives, as on Binance without BNB: the base asset on buys, the quote asset on sells.
 */
export class Engine {
  readonly store = new OrderStore();
  readonly book: OrderBook;
  private readonly onFirstFill: (order: Order) => void;

  constructor(
    private readonly market: Market,
    private readonly accounts: Accounts,
    private readonly feeRate: Fixed,
    private readonly wallNow: () => number,
    fills: FillSettings = {},
  ) {
    this.book = fills.book ?? new OrderBook(market, DEFAULT_DEPTH, 'whole');
    this.onFirstFill = fills.onFirstFill ?? (() => undefined);
  }

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
      checkedStep: this.market.stepAt(plan.symbol.id, this.market.now()),
      checkedVersion: this.market.priceVersion(plan.symbol.id),
      fills: [],
    };
    this.store.add(order);
    account.updateTime = now;
    this.book.take(order.symbol, order.side, plan.takes);
    for (const take of plan.takes) this.fill(order, account, take.qty, take.price, false);
    if (plan.rest > 0n) {
      const s = plan.symbol;
      const hold = order.side === 'BUY' ? mulCeil(order.price, plan.rest) : plan.rest;
      order.locked = hold;
      account.lock(order.side === 'BUY' ? s.quote : s.base, hold);
    } else if (plan.expiry !== undefined && isOpen(order)) {
      this.close(order, account, 'EXPIRED', plan.expiry);
    }
    return order;
  }

  get(account: Account, symbol: string, ref: OrderRef): Order {
    const order = this.find(account, symbol, ref);
    if (!order) throw ORDER_NOT_FOUND();
    return order;
  }

  cancel(account: Account, symbol: string, ref: OrderRef, only?: CancelRestriction): Order {
    const order = this.find(account, symbol, ref);
    // Binance answers -2011 both for unknown orders and for ones no longer open
    if (!order || !isOpen(order)) throw UNKNOWN_ORDER_CANCEL();
    if (only !== undefined && order.status !== (only === 'ONLY_NEW' ? 'NEW' : 'PARTIALLY_FILLED')) {
      throw CANCEL_RESTRICTED();
    }
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
   * last price was at or below its limit, a sell once at or above; whole at once in 'whole'
   * mode, a slice per price step in 'depth' mode.
   */
  match(): Trade[] {
    const trades: Trade[] = [];
    for (const symbol of this.store.symbolsWithOpenOrders()) {
      const resting = this.store.openOrders(undefined, symbol);
      const slices =
        this.book.mode === 'whole'
          ? this.wholeSlices(symbol, resting)
          : resting.map((order) =>
              restingSlices(this.market, order, this.book.options.restingFillQuoteValue),
            );
      resting.forEach((order, i) => {
        const account = this.accounts.get(order.apiKey);
        if (!account) return;
        for (const qty of slices[i]) {
          if (!isOpen(order)) break;
          trades.push(this.fill(order, account, qty, order.price, true));
        }
      });
    }
    return trades;
  }

  /** 'whole' mode: what remains of every order the range's extremes reached. */
  private wholeSlices(symbol: string, orders: Order[]): Fixed[][] {
    const now = this.market.now();
    const extremes = new Map<number, { high: Fixed; low: Fixed }>();
    return orders.map((order) => {
      const from = Math.min(order.checkedAt, now);
      let range = extremes.get(from);
      if (!range) {
        range = this.market.extremes(symbol, from, now);
        extremes.set(from, range);
      }
      order.checkedAt = now;
      const reached = order.side === 'BUY' ? range.low <= order.price : range.high >= order.price;
      return reached ? [order.origQty - order.executedQty] : [];
    });
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
    const plan =
      request.type === 'MARKET' ? this.planMarket(s, request) : this.planLimit(account, s, request);
    if (this.store.openClientIdInUse(account.apiKey, request.clientOrderId)) {
      throw DUPLICATE_ORDER();
    }
    if (!account.canSpend(request.side === 'BUY' ? s.quote : s.base, plan.cost)) {
      throw INSUFFICIENT_BALANCE();
    }
    return plan;
  }

  /** MARKET: walks the book for its quantity or its quote amount; what the book lacks expires. */
  private planMarket(s: SymbolConfig, request: NewOrder): Plan {
    const touch = this.touch(s.id, request.side);
    const levels = this.book.walk(s.id, request.side);
    let quantity: Fixed;
    let takes: Level[];
    if (request.quoteOrderQty !== undefined) {
      failIf(
        checkQuantity(s, floorToStep(div(request.quoteOrderQty, touch), s.stepSize)) ??
          checkNotional(s, request.quoteOrderQty, true),
      );
      takes = takeQuote(levels, request.quoteOrderQty, s.stepSize);
      quantity = totalQty(takes);
    } else {
      quantity = request.quantity ?? 0n;
      failIf(checkQuantity(s, quantity) ?? checkNotional(s, mul(touch, quantity), true));
      takes = takeQuantity(levels, quantity);
    }
    const filled = totalQty(takes);
    return {
      symbol: s,
      quantity,
      cost: request.side === 'SELL' ? filled : totalQuote(takes),
      takes,
      rest: 0n,
      expiry: filled < quantity ? 'INSUFFICIENT_LIQUIDITY' : undefined,
    };
  }

  /** LIMIT / LIMIT_MAKER: takes what its price reaches; GTC rests, IOC and FOK expire the rest. */
  private planLimit(account: Account, s: SymbolConfig, request: NewOrder): Plan {
    const price = request.price ?? 0n;
    const quantity = request.quantity ?? 0n;
    failIf(
      checkPrice(s, price) ??
        checkPercentPrice(price, this.market.quote(s.id).last) ??
        checkQuantity(s, quantity) ??
        checkNotional(s, mul(price, quantity), false) ??
        checkOpenOrderCount(this.store.openOrders(account.apiKey, s.id).length),
    );
    let takes = takeQuantity(this.book.walk(s.id, request.side, price), quantity);
    if (takes.length > 0 && request.type === 'LIMIT_MAKER') throw WOULD_TAKE();
    let filled = totalQty(takes);
    let rest = 0n;
    let expiry: ExpiryReason | undefined;
    const tif = request.timeInForce ?? 'GTC';
    if (tif === 'FOK' && filled < quantity) {
      // all or nothing
      takes = [];
      filled = 0n;
      expiry = 'UNFILLED_FOK_ORDER_EXPIRED';
    } else if (tif === 'IOC' && filled < quantity) {
      expiry = 'UNFILLED_IOC_QUANTITY_EXPIRED';
    } else {
      rest = quantity - filled;
    }
    const cost =
      request.side === 'SELL'
        ? filled + rest
        : totalQuote(takes) + (rest > 0n ? mulCeil(price, rest) : 0n);
    return { symbol: s, quantity, cost, takes, rest, expiry };
  }

  /** Best price a taker on this side meets (the first level of the book). */
  private touch(symbolId: string, side: NewOrder['side']): Fixed {
    for (const level of this.book.walk(symbolId, side)) return level.price;
    const quote = this.market.quote(symbolId);
    return side === 'BUY' ? quote.ask : quote.bid;
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
    if (order.executedQty === 0n) this.onFirstFill(order);
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

  private close(
    order: Order,
    account: Account,
    status: 'FILLED' | 'CANCELED' | 'EXPIRED',
    expiryReason?: ExpiryReason,
  ): void {
    const s = this.market.symbol(order.symbol);
    if (s && order.locked > 0n) {
      // what rounding (or a cancel) leaves of the hold goes back to free
      account.unlock(order.side === 'BUY' ? s.quote : s.base, order.locked);
      order.locked = 0n;
    }
    order.status = status;
    if (expiryReason !== undefined) order.expiryReason = expiryReason;
    order.updateTime = this.wallNow();
    this.store.refresh(order);
  }
}

function failIf(filter: FilterName | null): void {
  if (filter !== null) throw FILTER_FAILURE(filter);
}
