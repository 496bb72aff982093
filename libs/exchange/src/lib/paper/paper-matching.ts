import type { Balances, MarketInfo, PlaceOrderRequest, Ticker } from '../client/exchange-client';
import { ceilToStep, Dec, decText, floorToStep, isMultipleOf } from '../client/decimal';
import { InsufficientFundsError, InvalidOrderError } from '../errors/exchange.errors';
import type {
  BalanceChange,
  NewPaperFill,
  PaperOrder,
  Placement,
  Settlement,
} from './paper-ledger';

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

/** Beyond this many levels a taker's rest fills at the last one (the book is not known there). */
export const MAX_TAKER_LEVELS = 10;

/**
 * The price of the k-th level a taker walks (k = 1 is the touch moved against it by the
 * slippage, as every taker fill was before depth was known), on the tick.
 */
function levelPrice(
  side: 'buy' | 'sell',
  ticker: Ticker,
  market: MarketInfo,
  slippagePct: number,
  level: number,
): Dec {
  const slip = new Dec(slippagePct).div(100).mul(level);
  if (side === 'buy')
    return ceilToStep(new Dec(ticker.ask ?? ticker.last).mul(slip.plus(1)), market.priceStep);
  return floorToStep(
    new Dec(ticker.bid ?? ticker.last).mul(new Dec(1).minus(slip)),
    market.priceStep,
  );
}

/**
 * What the book quotes at the touch an order on `side` trades against (the asks for a buy), on
 * the step; null: unknown.
 */
function touchDepth(side: 'buy' | 'sell', ticker: Ticker, market: MarketInfo): Dec | null {
  const quoted = side === 'buy' ? ticker.askQty : ticker.bidQty;
  if (quoted === undefined || quoted === null) return null;
  const depth = floorToStep(new Dec(quoted), market.amountStep);
  return depth.gt(0) ? depth : null;
}

interface Take {
  amount: Dec;
  price: Dec;
}

/**
 * The slices a taker order takes at once (docs/paper-trading.md): the quantity the ticker
 * quotes at the touch, level after level, each one slippage step further (the book beyond the
 * touch is not known: assumed as deep as the touch), never past the order's limit (a limit
 * order's first level is at most its limit, as before). Without a quoted depth (history,
 * exchanges that do not quote it) the whole amount is one slice at the first level.
 */
function takerSlices(
  side: 'buy' | 'sell',
  amount: Dec,
  limit: Dec | null,
  ticker: Ticker,
  market: MarketInfo,
  slippagePct: number,
): Take[] {
  const beyond = (price: Dec) =>
    limit !== null && (side === 'buy' ? price.gt(limit) : price.lt(limit));
  const first = levelPrice(side, ticker, market, slippagePct, 1);
  const depth = touchDepth(side, ticker, market);
  const firstPrice =
    limit === null ? first : side === 'buy' ? Dec.min(limit, first) : Dec.max(limit, first);
  if (depth === null) return [{ amount, price: firstPrice }];
  const takes: Take[] = [];
  let left = amount;
  for (let level = 1; left.gt(0); level++) {
    const price = level === 1 ? firstPrice : levelPrice(side, ticker, market, slippagePct, level);
    if (level > 1 && beyond(price)) break;
    const size = level === MAX_TAKER_LEVELS ? left : Dec.min(left, depth);
    takes.push({ amount: size, price });
    left = left.minus(size);
  }
  return takes;
}

/** Adds up balance changes per asset (several fills of one order). */
function merged(changes: BalanceChange[]): BalanceChange[] {
  const byAsset = new Map<string, { free: Dec; used: Dec }>();
  for (const c of changes) {
    const sum = byAsset.get(c.asset) ?? { free: new Dec(0), used: new Dec(0) };
    byAsset.set(c.asset, { free: sum.free.plus(c.free), used: sum.used.plus(c.used) });
  }
  return [...byAsset].map(([asset, { free, used }]) => change(asset, free, used));
}

/** An order's sums after adding fills to what it had filled. */
function sums(
  before: { filled: Dec; average: Dec | null; fee: Dec },
  fills: { amount: Dec; fill: Fill }[],
) {
  let filled = before.filled;
  let quote = before.average === null ? new Dec(0) : before.average.mul(before.filled);
  let fee = before.fee;
  for (const { amount, fill } of fills) {
    filled = filled.plus(amount);
    quote = quote.plus(amount.mul(fill.price));
    fee = fee.plus(fill.fee);
  }
  return { filled, average: filled.gt(0) ? quote.div(filled) : null, fee };
}

const paperFill = (amount: Dec, fill: Fill, tickerAt: number): NewPaperFill => ({
  price: decText(fill.price),
  amount: decText(amount),
  fee: decText(fill.fee),
  feeCurrency: fill.feeCurrency,
  tickerAt,
});

/**
 * Decides a new paper order against the current ticker: a market order (or a limit order that
 * crosses the spread) takes at once as taker, in slices from the quoted depth (`takerSlices`);
 * what a limit order cannot take within its limit rests, its funds locked, as does any other
 * limit order. Throws InvalidOrderError for what the exchange's filters reject,
 * InsufficientFundsError when the account cannot pay.
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
  const { side } = request;
  const amount = new Dec(request.amount);
  const limit = request.type === 'limit' ? new Dec(request.price as string) : null;
  checkFilters(
    request,
    market,
    limit ?? levelPrice(side, ticker, market, settings.slippagePct, 1),
    exchangeId,
  );

  // A limit order that reaches the book's touch takes at once, as taker, never worse than its limit.
  const book = new Dec((side === 'buy' ? ticker.ask : ticker.bid) ?? ticker.last);
  const crosses = limit === null || (side === 'buy' ? limit.gte(book) : limit.lte(book));
  const takes = crosses
    ? takerSlices(side, amount, limit, ticker, market, settings.slippagePct)
    : [];
  const fills = takes.map(({ amount: size, price }) => ({
    amount: size,
    fill: fillOf(side, size, price, new Dec(market.takerFee), market, new Dec(0)),
  }));
  const after = sums({ filled: new Dec(0), average: null, fee: new Dec(0) }, fills);
  const resting = amount.minus(after.filled);
  const locks =
    resting.gt(0) && limit !== null ? (side === 'buy' ? resting.mul(limit) : resting) : new Dec(0);

  const pays = side === 'buy' ? market.quote : market.base;
  const needed =
    side === 'buy' ? fills.reduce((sum, f) => sum.plus(f.amount.mul(f.fill.price)), locks) : amount;
  if (freeOf(balances, pays).lt(needed))
    throw new InsufficientFundsError(
      `paper ${request.symbol}: ${side} needs ${decText(needed)} ${pays}, ${decText(freeOf(balances, pays))} free`,
      exchangeId,
    );

  return {
    order: {
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side,
      type: request.type,
      amount: decText(amount),
      price: limit === null ? null : decText(limit),
      status: resting.gt(0) ? 'open' : 'closed',
      filled: decText(after.filled),
      average: after.average === null ? null : decText(after.average),
      fee: decText(after.fee),
      feeCurrency: fills.length > 0 ? fills[0].fill.feeCurrency : null,
      fills: fills.map(({ amount: size, fill }) => paperFill(size, fill, ticker.timestamp)),
    },
    changes: merged([
      ...fills.flatMap((f) => f.fill.changes),
      ...(locks.gt(0) ? [change(pays, locks.neg(), locks)] : []),
    ]),
  };
}

/** What is still to fill of an order. */
const restOf = (order: PaperOrder) => new Dec(order.amount).minus(order.filled);

/**
 * An open limit order fills, as maker at its own price, once the last price reaches it: by as
 * much as the other side quotes at its touch (what trades against it there), the rest staying
 * open; one slice per ticker (a slice already taken against this ticker is not taken again).
 * Without a quoted depth, the whole rest at once.
 */
export function planLimitFill(
  order: PaperOrder,
  market: MarketInfo,
  ticker: Ticker,
): Settlement | null {
  if (order.status !== 'open' || order.price === null) return null;
  const price = new Dec(order.price);
  const last = new Dec(ticker.last);
  const reached = order.side === 'buy' ? last.lte(price) : last.gte(price);
  if (!reached) return null;
  const lastFill = order.fills.at(-1);
  if (lastFill !== undefined && ticker.timestamp <= lastFill.tickerAt) return null;
  const rest = restOf(order);
  const depth = touchDepth(order.side, ticker, market);
  const size = depth === null ? rest : Dec.min(rest, depth);
  if (size.lte(0)) return null;
  const locked = order.side === 'buy' ? size.mul(price) : size;
  const fill = fillOf(order.side, size, price, new Dec(market.makerFee), market, locked);
  const after = sums(
    {
      filled: new Dec(order.filled),
      average: order.average === null ? null : new Dec(order.average),
      fee: new Dec(order.fee),
    },
    [{ amount: size, fill }],
  );
  return {
    update: {
      status: after.filled.gte(order.amount) ? 'closed' : 'open',
      filled: decText(after.filled),
      average: after.average === null ? null : decText(after.average),
      fee: decText(after.fee),
      feeCurrency: fill.feeCurrency,
    },
    newFills: [paperFill(size, fill, ticker.timestamp)],
    changes: fill.changes,
  };
}

/** Cancelling an open order gives back what its rest had locked; its fills stay. */
export function planCancel(order: PaperOrder, market: MarketInfo): Settlement | null {
  if (order.status !== 'open' || order.price === null) return null;
  const rest = restOf(order);
  const locked = order.side === 'buy' ? rest.mul(order.price) : rest;
  const asset = order.side === 'buy' ? market.quote : market.base;
  return {
    update: {
      status: 'canceled',
      filled: order.filled,
      average: order.average,
      fee: order.fee,
      feeCurrency: order.feeCurrency,
    },
    newFills: [],
    changes: [change(asset, locked, locked.neg())],
  };
}
