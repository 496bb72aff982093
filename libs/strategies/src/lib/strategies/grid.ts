import type { z } from 'zod';
import { positiveNumber, strictObject, wholeNumber } from '../fields';
import { riskField } from '../risk';
import type { OpenLimitOrder, Signal, StrategyDefinition } from '../types';
import { gridLevels } from './grid-levels';

// Grid: `levels` prices evenly spaced from lowerPrice to upperPrice (both included), and a
// limit order of basePerLevel kept at each of them:
// - a buy at every level strictly below the price, key `grid-buy-<i>`;
// - a sell at every level strictly above the price, key `grid-sell-<i>`, nearest first, only as
//   far as the position covers them (the sells add up to at most position.base); a buy's fee
//   taken in base leaves a little less than basePerLevel, so a level counts as covered from
//   99 % of it, and its sell is then what is left (never more than is held);
// - no NEW order at a level within 0.1% of the price (it would fill at once as a taker); an
//   order already resting there stays until the price crosses it (cancelling it as the price
//   came near meant a grid order filled only when the price jumped past it between two
//   evaluations: on a calm market, never).
// Each evaluation asks for every wanted order (`limit`: the engine keeps an open order of the
// same key while it sits at that price rounded to the market's tick, the way it was placed, and
// replaces it otherwise) and cancels each open order that is not wanted.
// Price outside [lowerPrice, upperPrice]: cancel every open order, place none.
// Uses only the price: no candles, no state.

const NEAR_PRICE = 0.001; // of the price
const EPSILON = 1e-9; // so that 0.3 base covers three sells of 0.1 despite 0.3 / 0.1 < 3
const FEE_TOLERANCE = 0.01; // of basePerLevel: what exchange fees may have taken off a level

export const gridSchema = strictObject({
  lowerPrice: positiveNumber(),
  upperPrice: positiveNumber(),
  levels: wholeNumber(2, 100),
  basePerLevel: positiveNumber(),
  risk: riskField(),
}).refine((p) => p.upperPrice > p.lowerPrice, {
  error: 'upperPrice must be greater than lowerPrice',
  path: ['upperPrice'],
});

export type GridParams = z.infer<typeof gridSchema>;
export type GridState = Record<string, never>;

type WantedOrder = Omit<OpenLimitOrder, 'base'> & { base: number };

/**
 * The orders the grid wants at this price and position. A sell already resting at its level
 * stays as it is (the engine keeps it), so what it still offers is spoken for first and new
 * sells share the rest, nearest first: the sells never add up to more than is held, whatever
 * amounts earlier evaluations gave them or wherever the price went since.
 */
export function wantedGridOrders(
  params: GridParams,
  price: number,
  base: number,
  open: readonly OpenLimitOrder[] = [],
): WantedOrder[] {
  const levels = gridLevels(params.lowerPrice, params.upperPrice, params.levels);
  const resting = (key: string) => open.some((o) => o.key === key);
  // a level near the price takes no new order, but keeps the one resting there
  const usable = (level: number, key: string) =>
    Math.abs(level - price) > price * NEAR_PRICE || resting(key);
  const buys = levels.flatMap((level, i) =>
    level < price && usable(level, `grid-buy-${i}`)
      ? [{ key: `grid-buy-${i}`, side: 'buy' as const, price: level, base: params.basePerLevel }]
      : [],
  );
  // levels ascend, so these are the nearest above the price first
  const above = levels.flatMap((level, i) =>
    level > price && usable(level, `grid-sell-${i}`) ? [{ level, i }] : [],
  );
  // resting sells stay as they are (nearest first, as far as the position covers them): what
  // they hold is spoken for before any new sell is sized
  let free = Math.max(base, 0);
  const kept = new Map<number, number>();
  for (const { i } of above) {
    const resting = open.find((o) => o.key === `grid-sell-${i}` && o.side === 'sell')?.base;
    if (resting === undefined || resting > free + EPSILON) continue;
    kept.set(i, resting);
    free -= resting;
  }
  const restingAt = (i: number) => kept.get(i);
  const sells: WantedOrder[] = [];
  for (const { level, i } of above) {
    const key = `grid-sell-${i}`;
    const resting = restingAt(i);
    if (resting !== undefined) {
      sells.push({ key, side: 'sell', price: level, base: resting });
      continue;
    }
    if (free + EPSILON < params.basePerLevel * (1 - FEE_TOLERANCE)) continue;
    const amount = Math.min(params.basePerLevel, free);
    sells.push({ key, side: 'sell', price: level, base: amount });
    free -= amount;
  }
  return [...buys, ...sells];
}

export const grid: StrategyDefinition<GridParams, GridState> = {
  name: 'grid',
  description:
    'Keeps limit buys at evenly spaced levels below the price and limit sells above it (as far as the position covers), between a lower and an upper price.',
  schema: gridSchema,
  candlesNeeded: () => 0,
  evaluate(params, input) {
    const { price, openOrders } = input;
    if (price < params.lowerPrice || price > params.upperPrice) {
      const signals = openOrders.map(
        (o): Signal => ({ kind: 'cancel', key: o.key, reason: 'price-outside-grid' }),
      );
      return { signals, state: {} };
    }
    const wanted = wantedGridOrders(params, price, input.position.base, openOrders);
    const keys = new Set(wanted.map((o) => o.key));
    const cancels = openOrders
      .filter((o) => !keys.has(o.key))
      .map((o): Signal => ({ kind: 'cancel', key: o.key, reason: 'grid-level-not-wanted' }));
    const limits = wanted.map((o): Signal => ({ kind: 'limit', ...o, reason: 'grid-level' }));
    // cancels first: they free the funds the new orders may need
    return { signals: [...cancels, ...limits], state: {} };
  },
};
