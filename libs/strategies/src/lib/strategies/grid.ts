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
// - nothing at a level within 0.1% of the price (it would fill at once).
// Each evaluation compares with the open orders: `limit` for a wanted order that is missing,
// `cancel` for an open order not wanted or no longer at its level (cancel, then place again).
// Price outside [lowerPrice, upperPrice]: cancel every open order, place none.
// Uses only the price: no candles, no state.

const NEAR_PRICE = 0.001; // of the price
// An open order within 1% of the level spacing counts as at its level, so that an engine that
// rounds prices to the exchange's tick size does not make the grid cancel and re-place forever.
const AT_LEVEL = 0.01; // of the spacing
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

/** The orders the grid wants at this price and position. */
export function wantedGridOrders(params: GridParams, price: number, base: number): WantedOrder[] {
  const levels = gridLevels(params.lowerPrice, params.upperPrice, params.levels);
  const away = (level: number) => Math.abs(level - price) > price * NEAR_PRICE;
  const buys = levels.flatMap((level, i) =>
    level < price && away(level)
      ? [{ key: `grid-buy-${i}`, side: 'buy' as const, price: level, base: params.basePerLevel }]
      : [],
  );
  const sells: WantedOrder[] = [];
  let held = Math.max(base, 0);
  for (const [i, level] of levels.entries()) {
    // levels ascend, so these are the nearest above the price
    if (level <= price || !away(level)) continue;
    if (held + EPSILON < params.basePerLevel * (1 - FEE_TOLERANCE)) break;
    const amount = Math.min(params.basePerLevel, held);
    sells.push({ key: `grid-sell-${i}`, side: 'sell', price: level, base: amount });
    held -= amount;
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
    const spacing = (params.upperPrice - params.lowerPrice) / (params.levels - 1);
    const wanted = new Map(
      wantedGridOrders(params, price, input.position.base).map((o) => [o.key, o]),
    );
    const cancels: Signal[] = [];
    const kept = new Set<string>();
    for (const open of openOrders) {
      const want = wanted.get(open.key);
      if (want === undefined) {
        cancels.push({ kind: 'cancel', key: open.key, reason: 'grid-level-not-wanted' });
      } else if (
        want.side !== open.side ||
        Math.abs(want.price - open.price) > spacing * AT_LEVEL
      ) {
        cancels.push({ kind: 'cancel', key: open.key, reason: 'grid-level-moved' });
      } else {
        kept.add(open.key);
      }
    }
    const places: Signal[] = [...wanted.values()]
      .filter((o) => !kept.has(o.key))
      .map((o) => ({ kind: 'limit', ...o, reason: 'grid-level' }));
    // cancels first: they free the funds the new orders may need
    return { signals: [...cancels, ...places], state: {} };
  },
};
