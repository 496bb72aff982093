import type { MarketInfo } from '@platform/exchange';
import { emptyPosition, type OrderRecord } from '@platform/persistence';
import { grid, gridSchema, riskSchema, type GridParams } from '@platform/strategies';
import fc from 'fast-check';
import { type OrderPlan, planOrders } from './order-planner';

// The grid strategy through the planner, the way the engine runs them: the strategy sees its
// open orders at the price they were placed at (on the market's tick), so a level that is not
// a multiple of the tick must still count as placed, or the order churns forever.

const market = (priceStep: string, amountStep: string): MarketInfo => ({
  symbol: 'DOGE/USDT',
  base: 'DOGE',
  quote: 'USDT',
  active: true,
  amountStep,
  priceStep,
  minAmount: null,
  minNotional: null,
  takerFee: '0.001',
  makerFee: '0.001',
});

interface Run {
  places: number;
  cancels: number;
  open: OrderRecord[];
}

/** `rounds` evaluations at a steady price, each plan applied as the exchange would. */
function evaluateSteadily(
  params: GridParams,
  info: MarketInfo,
  price: number,
  base: number,
  rounds: number,
): Run[] {
  let open: OrderRecord[] = [];
  let seq = 0;
  const runs: Run[] = [];
  for (let round = 0; round < rounds; round++) {
    const { signals } = grid.evaluate(params, {
      candles: [],
      price,
      now: 0,
      position: { base, averageEntry: null },
      openOrders: open.map((o) => ({
        key: o.signal ?? o.clientOrderId,
        side: o.side,
        price: Number(o.price),
        base: Number(o.amount),
      })),
      state: null,
    });
    const plans: OrderPlan[] = planOrders(signals, {
      market: info,
      last: String(price),
      bid: null,
      ask: null,
      position: { ...emptyPosition(), base: String(base) },
      openOrders: open,
      risk: riskSchema.parse({ maxOpenOrders: 200 }),
    });
    const cancelled = new Set(plans.flatMap((p) => (p.kind === 'cancel' ? [p.order.id] : [])));
    const placed = plans.flatMap((p): OrderRecord[] =>
      p.kind === 'place'
        ? [
            {
              ...p.intent,
              id: `o${++seq}`,
              clientOrderId: `c${seq}`,
              exchangeOrderId: `x${seq}`,
              filled: '0',
              averagePrice: null,
              status: 'open',
              createdAt: new Date(0),
            },
          ]
        : [],
    );
    open = [...open.filter((o) => !cancelled.has(o.id)), ...placed];
    runs.push({ places: placed.length, cancels: cancelled.size, open });
  }
  return runs;
}

describe('a grid through the planner', () => {
  it('DOGE/USDT 0.119-0.121, 10 levels, tick 0.00001: placed once, never cancelled', () => {
    const params = gridSchema.parse({
      lowerPrice: 0.119,
      upperPrice: 0.121,
      levels: 10,
      basePerLevel: 100,
    });
    // levels 0.119, 0.119222..., 0.119444..., ...; the price between level 3 and 4
    const runs = evaluateSteadily(params, market('0.00001', '1'), 0.1198, 300, 200);
    const [first, ...rest] = runs;
    expect(first.places).toBeGreaterThan(0);
    expect(first.open.map((o) => `${o.signal} ${o.side} ${o.price}`)).toEqual([
      'grid-buy-0 buy 0.119',
      'grid-buy-1 buy 0.11922',
      'grid-buy-2 buy 0.11944',
      'grid-buy-3 buy 0.11966',
      // 0.119888... is within 0.1 % of the price: no order there
      'grid-sell-5 sell 0.12012',
      'grid-sell-6 sell 0.12034',
      'grid-sell-7 sell 0.12056',
    ]);
    expect(rest.every((run) => run.places === 0 && run.cancels === 0)).toBe(true);
  });

  it('for any grid, tick and steady price: after the first evaluation, no order churns', () => {
    const cases = fc.record({
      lowerPrice: fc.double({ min: 1e-4, max: 1e5, noNaN: true }),
      width: fc.double({ min: 0.001, max: 5, noNaN: true }), // upper = lower * (1 + width)
      levels: fc.integer({ min: 2, max: 100 }),
      at: fc.double({ min: 0, max: 1, noNaN: true }), // where the price sits in the range
      tickExponent: fc.integer({ min: -8, max: 2 }),
      tickDigit: fc.constantFrom(1, 2, 5),
      base: fc.double({ min: 0, max: 50, noNaN: true }),
    });
    fc.assert(
      fc.property(cases, ({ lowerPrice, width, levels, at, tickExponent, tickDigit, base }) => {
        const upperPrice = lowerPrice * (1 + width);
        const params = gridSchema.parse({ lowerPrice, upperPrice, levels, basePerLevel: 1 });
        const tick = (tickDigit * 10 ** tickExponent).toPrecision(1);
        const price = lowerPrice + (upperPrice - lowerPrice) * at;
        const runs = evaluateSteadily(params, market(tick, '0.00000001'), price, base, 4);
        for (const run of runs.slice(1)) expect(run).toMatchObject({ places: 0, cancels: 0 });
      }),
      { numRuns: 300 },
    );
  });
});
