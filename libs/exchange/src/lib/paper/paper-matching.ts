import type { Balances, MarketInfo, PlaceOrderRequest, Ticker } from '../client/exchange-client';
import { ceilToStep, Dec, decText, floorToStep, isMultipleOf } from '../client/decimal';
import { InsufficientFundsError, InvalidOrderError } from '../errors/exchange.errors';
import type { BalanceChange, PaperOrder, Placement, Settlement } from './paper-ledger';

export interface PaperFillSettings {
  /** Price moved against the order on market fills, in percent (0.05 = 0.05 %). */
  slippagePct: number;
}

interface Fill {
  price: Dec;
  fee: Dec;
  feeCurrency: string;
  changes: BalanceChange[];
}

const change = (asset: string, free: Dec, used: Dec = new Dec(0)): BalanceChange => ({
  asset,
  free: decText(free),
  used: decText(used),
});

const freeOf = (balances: Balances, asset: string) => new Dec(balances[asset]?.free ?? 0);

/**
 * What a fill does to the books, Binance-style: a buy pays its fee in the base it receives, a
 * sell in the quote it receives. `lockedQuote`/`lockedBase` is what an open limit order had
 * reserved (moved from used back out), zero for a fill at placement.
 */
function fillOf(
  side: 'buy' | 'sell',
  amount: Dec,
  price: Dec,
  feeRate: Dec,
  market: MarketInfo,
  locked: Dec,
): Fill {
  const cost = amount.mul(price);
  if (side === 'buy') {
    const fee = amount.mul(feeRate);
    return {
      price,
      fee,
      feeCurrency: market.base,
      changes: [
        change(market.quote, locked.minus(cost), locked.neg()),
        change(market.base, amount.minus(fee)),
      ],
    };
  }
  const fee = cost.mul(feeRate);
  return {
    price,
    fee,
    feeCurrency: market.quote,
    changes: [
      change(market.base, locked.minus(amount), locked.neg()),
      change(market.quote, cost.minus(fee)),
    ],
  };
}

/** The exchange's filters, as Binance applies them: precision, minimum amount and notional. */
function checkFilters(
  request: PlaceOrderRequest,
  market: MarketInfo,
  referencePrice: Dec,
  exchangeId: string,
): void {
  const reject = (why: string) => {
    throw new InvalidOrderError(`paper ${request.symbol}: ${why}`, exchangeId);
  };
  if (!market.active) reject('market is not trading');
  const amount = new Dec(request.amount);
  if (!amount.isFinite() || amount.lte(0)) reject('amount must be positive');
  if (!isMultipleOf(amount, market.amountStep))
    reject(`amount ${request.amount} is not a multiple of the step ${market.amountStep}`);
  if (market.minAmount !== null && amount.lt(market.minAmount))
    reject(`amount ${request.amount} is below the minimum ${market.minAmount}`);
  if (request.type === 'limit') {
    if (request.price === undefined || new Dec(request.price).lte(0))
      reject('a limit order needs a positive price');
    if (!isMultipleOf(request.price as string, market.priceStep))
      reject(`price ${request.price} is not a multiple of the tick ${market.priceStep}`);
  }
  const notional = amount.mul(referencePrice);
  if (market.minNotional !== null && notional.lt(market.minNotional))
    reject(`notional ${decText(notional)} is below the minimum ${market.minNotional}`);
}

/** The price a market order gets: the touch, moved against it by the slippage, on the tick. */
function marketPrice(
  side: 'buy' | 'sell',
  ticker: Ticker,
  market: MarketInfo,
  slippagePct: number,
) {
  const slip = new Dec(slippagePct).div(100);
  if (side === 'buy')
    return ceilToStep(new Dec(ticker.ask ?? ticker.last).mul(slip.plus(1)), market.priceStep);
  return floorToStep(
    new Dec(ticker.bid ?? ticker.last).mul(new Dec(1).minus(slip)),
    market.priceStep,
  );
}

/**
 * Decides a new paper order against the current ticker: a market order (or a limit order that
 * crosses the spread) fills at once as taker; any other limit order rests, its funds locked.
 * Throws InvalidOrderError for what the exchange's filters reject, InsufficientFundsError when
 * the account cannot pay.
 */
export function planPlacement(
  request: PlaceOrderRequest,
  market: MarketInfo,
  ticker: Ticker,
  balances: Balances,
  settings: PaperFillSettings,
  exchangeId: string,
): Placement {
  if (request.type === 'limit' && !(request.price !== undefined && new Dec(request.price).gt(0)))
    throw new InvalidOrderError(
      `paper ${request.symbol}: a limit order needs a positive price`,
      exchangeId,
    );
  const amount = new Dec(request.amount);
  // What a taker gets: the touch moved against it by the slippage.
  const touch = marketPrice(request.side, ticker, market, settings.slippagePct);
  const limit = request.type === 'limit' ? new Dec(request.price as string) : null;
  checkFilters(request, market, limit ?? touch, exchangeId);

  // A limit order that reaches the book's touch fills at once, as taker, never worse than its limit.
  const book = new Dec((request.side === 'buy' ? ticker.ask : ticker.bid) ?? ticker.last);
  const crosses = limit === null || (request.side === 'buy' ? limit.gte(book) : limit.lte(book));
  const price =
    limit === null
      ? touch
      : !crosses
        ? limit
        : request.side === 'buy'
          ? Dec.min(limit, touch)
          : Dec.max(limit, touch);
  const pays = request.side === 'buy' ? market.quote : market.base;
  const needed = request.side === 'buy' ? amount.mul(price) : amount;
  if (freeOf(balances, pays).lt(needed))
    throw new InsufficientFundsError(
      `paper ${request.symbol}: ${request.side} needs ${decText(needed)} ${pays}, ${decText(freeOf(balances, pays))} free`,
      exchangeId,
    );

  const base = {
    clientOrderId: request.clientOrderId,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    amount: decText(amount),
    price: limit === null ? null : decText(limit),
  };
  if (!crosses) {
    return {
      order: { ...base, status: 'open', filled: '0', average: null, fee: '0', feeCurrency: null },
      changes: [change(pays, needed.neg(), needed)],
    };
  }
  const fill = fillOf(request.side, amount, price, new Dec(market.takerFee), market, new Dec(0));
  return {
    order: {
      ...base,
      status: 'closed',
      filled: decText(amount),
      average: decText(fill.price),
      fee: decText(fill.fee),
      feeCurrency: fill.feeCurrency,
    },
    changes: fill.changes,
  };
}

/** An open limit order fills, as maker at its own price, once the last price reaches it. */
export function planLimitFill(
  order: PaperOrder,
  market: MarketInfo,
  last: string,
): Settlement | null {
  if (order.status !== 'open' || order.price === null) return null;
  const price = new Dec(order.price);
  const reached = order.side === 'buy' ? new Dec(last).lte(price) : new Dec(last).gte(price);
  if (!reached) return null;
  const amount = new Dec(order.amount);
  const locked = order.side === 'buy' ? amount.mul(price) : amount;
  const fill = fillOf(order.side, amount, price, new Dec(market.makerFee), market, locked);
  return {
    update: {
      status: 'closed',
      filled: order.amount,
      average: decText(price),
      fee: decText(fill.fee),
      feeCurrency: fill.feeCurrency,
    },
    changes: fill.changes,
  };
}

/** Cancelling an open order gives its locked funds back. */
export function planCancel(order: PaperOrder, market: MarketInfo): Settlement | null {
  if (order.status !== 'open' || order.price === null) return null;
  const amount = new Dec(order.amount);
  const locked = order.side === 'buy' ? amount.mul(order.price) : amount;
  const asset = order.side === 'buy' ? market.quote : market.base;
  return {
    update: { status: 'canceled', filled: '0', average: null, fee: '0', feeCurrency: null },
    changes: [change(asset, locked, locked.neg())],
  };
}
