import { seededQty } from './depth';
import { type Fixed, min, ONE } from './fixed';
import type { Market } from './market';
import type { Order } from './orders';
import { hashString, uniform } from './random';

/** Most steps examined per order and match; longer jumps of the clock are sampled evenly. */
const MAX_STEPS_PER_MATCH = 600;

/**
 * Partial fills of resting orders ('depth' mode): each price step at which the last price is
 * at or through an order's limit trades a seeded slice against it (about `quoteValue` of
 * quote), so a large order goes NEW -> PARTIALLY_FILLED -> FILLED over several steps. A
 * frozen market (clock speed 0) checks its one step again after every setPrice.
 * Returns the quantities to fill, in step order; advances the order's checked marks.
 */
export function restingSlices(market: Market, order: Order, quoteValue: number): Fixed[] {
  const s = market.symbol(order.symbol);
  if (!s) return [];
  const now = market.now();
  const step = market.stepAt(order.symbol, now);
  const version = market.priceVersion(order.symbol);
  let steps = stepsAfter(order.checkedStep, step);
  if (steps.length === 0 && version !== order.checkedVersion) steps = [step];
  order.checkedStep = step;
  order.checkedVersion = version;
  const slices: Fixed[] = [];
  let left = order.origQty - order.executedQty;
  const limit = Number(order.price) / Number(ONE);
  for (const at of steps) {
    if (left <= 0n) break;
    const time = at === step ? now : market.stepStart(order.symbol, at);
    const last = market.price(order.symbol, time);
    const reached = order.side === 'BUY' ? last <= order.price : last >= order.price;
    if (!reached) continue;
    const u = uniform(hashString(order.symbol), at, order.orderId, 3);
    const slice = min(seededQty(quoteValue, u, limit, s.stepSize), left);
    slices.push(slice);
    left -= slice;
  }
  return slices;
}

/** Steps (from, to], all of them when few, else evenly spaced ending at `to`. */
function stepsAfter(from: number, to: number): number[] {
  const count = to - from;
  if (count <= 0) return [];
  if (count <= MAX_STEPS_PER_MATCH) return Array.from({ length: count }, (_, i) => from + 1 + i);
  return Array.from(
    { length: MAX_STEPS_PER_MATCH },
    (_, i) => from + Math.round(((i + 1) * count) / MAX_STEPS_PER_MATCH),
  );
}
