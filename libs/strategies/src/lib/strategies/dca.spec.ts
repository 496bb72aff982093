import { input, viaJson } from '../spec-fixtures';
import type { StrategyPosition } from '../types';
import { dca, dcaSchema, type DcaParams, type DcaState } from './dca';

const HOUR = 3_600_000;
const T0 = 1_700_000_000_000;
const byInterval = dcaSchema.parse({ quotePerBuy: 50, intervalSeconds: 3600, takeProfitPct: 10 });
const byDrop = dcaSchema.parse({ quotePerBuy: 50, dropPct: 5, takeProfitPct: 10 });
const flat: StrategyPosition = { base: 0, averageEntry: null };
const holding: StrategyPosition = { base: 1, averageEntry: 100 };

const run = (
  params: DcaParams,
  price: number,
  now: number,
  state: DcaState | null,
  position = holding,
) => dca.evaluate(params, input({ price, now, state, position }));

const boughtAt = (at: number, price: number): DcaState => ({ lastBuyAt: at, lastBuyPrice: price });
const buy = (reason: string) => ({ kind: 'market', side: 'buy', quote: 50, reason });

describe('dca', () => {
  it('needs no candles', () => {
    expect(dca.candlesNeeded(byInterval)).toBe(0);
  });

  it('buys at once when the cycle has no buy yet, and records it', () => {
    expect(run(byInterval, 100, T0, null, flat)).toEqual({
      signals: [buy('dca-first-buy')],
      state: { lastBuyAt: T0, lastBuyPrice: 100 },
    });
    // a drop-only bot must start too, or there would be no price to drop from
    expect(run(byDrop, 100, T0, null, flat).signals).toEqual([buy('dca-first-buy')]);
  });

  it('buys again once intervalSeconds have passed since the last buy', () => {
    const state = boughtAt(T0, 100);
    // 3600 s = 3,600,000 ms
    expect(run(byInterval, 100, T0 + HOUR - 1, state)).toEqual({ signals: [], state });
    expect(run(byInterval, 100, T0 + HOUR, state)).toEqual({
      signals: [buy('dca-interval')],
      state: { lastBuyAt: T0 + HOUR, lastBuyPrice: 100 },
    });
  });

  it('buys again when the price is dropPct below the last buy', () => {
    const state = boughtAt(T0, 100);
    // 5% below 100 = 95 (inclusive)
    expect(run(byDrop, 95.01, T0 + 10 * HOUR, state).signals).toEqual([]);
    expect(run(byDrop, 95, T0 + 1, state)).toEqual({
      signals: [buy('dca-drop')],
      state: { lastBuyAt: T0 + 1, lastBuyPrice: 95 },
    });
    // the next drop is measured from 95: 95 * 0.95 = 90.25
    const next = boughtAt(T0 + 1, 95);
    expect(run(byDrop, 90.26, T0 + 2, next).signals).toEqual([]);
    expect(run(byDrop, 90.25, T0 + 2, next).signals).toEqual([buy('dca-drop')]);
  });

  it('with both rules, either one buys', () => {
    const both = dcaSchema.parse({
      quotePerBuy: 50,
      intervalSeconds: 3600,
      dropPct: 5,
      takeProfitPct: 10,
    });
    const state = boughtAt(T0, 100);
    expect(run(both, 94, T0 + 1, state).signals).toEqual([buy('dca-drop')]);
    expect(run(both, 101, T0 + HOUR, state).signals).toEqual([buy('dca-interval')]);
    expect(run(both, 99, T0 + 1, state).signals).toEqual([]);
  });

  it('sells everything at takeProfitPct above the average entry and starts a new cycle', () => {
    const state = boughtAt(T0, 100);
    // 10% above an entry of 100 = 110
    expect(run(byInterval, 109.99, T0 + 1, state).signals).toEqual([]);
    const sold = run(byInterval, 110.01, T0 + 1, state);
    expect(sold).toEqual({
      signals: [{ kind: 'market', side: 'sell', base: 'all', reason: 'dca-take-profit' }],
      state: { lastBuyAt: null, lastBuyPrice: null },
    });
    // once the sale has filled, the new cycle buys at once
    expect(run(byInterval, 111, T0 + 2, viaJson(sold.state), flat).signals).toEqual([
      buy('dca-first-buy'),
    ]);
  });

  it('take profit comes before a due buy', () => {
    const due = run(byInterval, 120, T0 + 2 * HOUR, boughtAt(T0, 100));
    expect(due.signals.map((s) => s.reason)).toEqual(['dca-take-profit']);
  });

  it('no take profit without a position or a known entry', () => {
    const state = boughtAt(T0, 100);
    expect(run(byInterval, 500, T0 + 1, state, { base: 1, averageEntry: null }).signals).toEqual(
      [],
    );
    expect(run(byInterval, 500, T0 + 1, state, flat).signals).toEqual([]);
  });

  it('state survives a JSON round trip and repeated ticks do not repeat a buy', () => {
    const first = run(byInterval, 100, T0, null, flat);
    expect(viaJson(first.state)).toEqual(first.state);
    const again = run(byInterval, 100, T0 + 1000, viaJson(first.state), holding);
    expect(again).toEqual({ signals: [], state: first.state });
  });
});
