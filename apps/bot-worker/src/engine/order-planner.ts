import { Dec, decText, floorToStep, ceilToStep, type MarketInfo } from '@platform/exchange';
import type { NewIntent, OrderRecord, Position } from '@platform/persistence';
import type { RiskLimits, Signal } from '@platform/strategies';

export interface PlanContext {
  market: MarketInfo;
  /** Reference prices for sizing: the touch a market order would meet. */
  last: string;
  bid: string | null;
  ask: string | null;
  position: Position;
  /** The bot's orders resting on the exchange. */
  openOrders: OrderRecord[];
  risk: RiskLimits;
}

export type OrderPlan =
  | { kind: 'place'; intent: NewIntent }
  | { kind: 'cancel'; order: OrderRecord; reason: string }
  | { kind: 'skip'; signal: string; reason: string };

const skip = (signal: string, reason: string): OrderPlan => ({ kind: 'skip', signal, reason });

/** Why an amount at a price cannot be an order on this market, or null if it can. */
export function belowMinimums(amount: Dec, price: Dec, market: MarketInfo): string | null {
  if (amount.lte(0)) return 'amount rounds to zero';
  if (market.minAmount !== null && amount.lt(market.minAmount))
    return `amount ${decText(amount)} below the minimum ${market.minAmount}`;
  if (market.minNotional !== null && amount.mul(price).lt(market.minNotional))
    return `notional ${decText(amount.mul(price))} below the minimum ${market.minNotional}`;
  return null;
}

/**
 * Whether an open order already is the wanted limit order. Its price is compared in the space
 * it was placed in (the market's tick): a level that is not a multiple of the tick would
 * otherwise never equal its own order, and be cancelled and placed again on every evaluation.
 * The amount is not compared, so a partly filled order stays.
 */
function isAt(open: OrderRecord, side: 'buy' | 'sell', price: Dec): boolean {
  return open.side === side && open.price !== null && price.eq(open.price);
}

/**
 * Turns a strategy's signals into orders the exchange will take, under the bot's risk limits:
 * amounts rounded down to the market's step (never more than asked or held), prices onto its
 * tick, minimum amount and notional, maximum position and open orders. What cannot be placed
 * becomes a `skip` with the reason, recorded as an event instead of an exchange rejection.
 * A limit signal is a wish to keep that order: an open order of its key stays while it is at
 * the signal's price on the tick, and is cancelled when not (the strategy asks again later).
 */
export function planOrders(signals: Signal[], ctx: PlanContext): OrderPlan[] {
  const { market, risk } = ctx;
  const plans: OrderPlan[] = [];
  let openCount = ctx.openOrders.length;
  let base = new Dec(ctx.position.base);
  const cancelled = new Set<string>();
  const cancel = (order: OrderRecord, reason: string) => {
    if (cancelled.has(order.id)) return;
    cancelled.add(order.id);
    plans.push({ kind: 'cancel', order, reason });
    openCount--;
  };

  for (const signal of signals) {
    if (signal.kind === 'cancel') {
      const order = ctx.openOrders.find((o) => o.signal === signal.key);
      if (order) cancel(order, signal.reason);
      continue;
    }
    if (signal.kind === 'market' && signal.side === 'buy') {
      const price = new Dec(ctx.ask ?? ctx.last);
      let amount = floorToStep(new Dec(signal.quote).div(price), market.amountStep);
      if (risk.maxPositionBase !== undefined)
        amount = Dec.min(
          amount,
          floorToStep(Dec.max(0, new Dec(risk.maxPositionBase).minus(base)), market.amountStep),
        );
      const why = belowMinimums(amount, price, market);
      if (why) {
        plans.push(skip(signal.reason, why));
        continue;
      }
      base = base.plus(amount);
      plans.push({
        kind: 'place',
        intent: {
          side: 'buy',
          type: 'market',
          amount: decText(amount),
          price: null,
          signal: signal.reason,
        },
      });
      continue;
    }
    if (signal.kind === 'market') {
      const price = new Dec(ctx.bid ?? ctx.last);
      const wanted = signal.base === 'all' ? base : Dec.min(base, signal.base);
      const amount = floorToStep(wanted, market.amountStep);
      const why = belowMinimums(amount, price, market);
      if (why) {
        plans.push(skip(signal.reason, why));
        continue;
      }
      base = base.minus(amount);
      plans.push({
        kind: 'place',
        intent: {
          side: 'sell',
          type: 'market',
          amount: decText(amount),
          price: null,
          signal: signal.reason,
        },
      });
      continue;
    }
    // limit: one order per key, compared with the open one on the tick it was placed on
    const price =
      signal.side === 'buy'
        ? floorToStep(signal.price, market.priceStep)
        : ceilToStep(signal.price, market.priceStep);
    const open = ctx.openOrders.find((o) => o.signal === signal.key);
    if (open) {
      // placed again on a later evaluation, once the cancel has freed its funds
      if (!isAt(open, signal.side, price)) cancel(open, `${signal.reason}-moved`);
      continue;
    }
    if (openCount >= risk.maxOpenOrders) {
      plans.push(skip(signal.key, `maximum of ${risk.maxOpenOrders} open orders reached`));
      continue;
    }
    const amount = floorToStep(signal.base, market.amountStep);
    const why = belowMinimums(amount, price, market);
    if (why) {
      plans.push(skip(signal.key, why));
      continue;
    }
    if (
      signal.side === 'buy' &&
      risk.maxPositionBase !== undefined &&
      base.plus(amount).gt(risk.maxPositionBase)
    ) {
      plans.push(skip(signal.key, `would pass the maximum position ${risk.maxPositionBase}`));
      continue;
    }
    openCount++;
    plans.push({
      kind: 'place',
      intent: {
        side: signal.side,
        type: 'limit',
        amount: decText(amount),
        price: decText(price),
        signal: signal.key,
      },
    });
  }
  return plans;
}
