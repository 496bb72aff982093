import { candles, input, MINUTE, viaJson } from '../spec-fixtures';
import type { CandleBar, StrategyPosition } from '../types';
import { smaCross, smaCrossSchema, type SmaCrossState } from './sma-cross';

const params = smaCrossSchema.parse({ fastPeriod: 2, slowPeriod: 3, risk: { stakeQuote: 25 } });
const flat: StrategyPosition = { base: 0, averageEntry: null };
const holding: StrategyPosition = { base: 0.5, averageEntry: 3 };

const run = (bars: CandleBar[], position = flat, state: SmaCrossState | null = null) =>
  smaCross.evaluate(params, input({ candles: bars, position, state }));

// Fast SMA(2), slow SMA(3):
// closes 3,2,1,4 -> before the last: fast (2+1)/2 = 1.5 <= slow (3+2+1)/3 = 2;
//                   last:            fast (1+4)/2 = 2.5 >  slow (2+1+4)/3 = 2.33: cross up
const crossUp = candles([3, 2, 1, 4]);
// closes 1,2,3,0 -> before the last: fast (2+3)/2 = 2.5 >= slow (1+2+3)/3 = 2;
//                   last:            fast (3+0)/2 = 1.5 <  slow (2+3+0)/3 = 1.67: cross down
const crossDown = candles([1, 2, 3, 0]);

describe('sma-cross', () => {
  it('needs slowPeriod + 1 candles', () => {
    expect(smaCross.candlesNeeded(params)).toBe(4);
  });

  it('buys stakeQuote on a cross up while flat, and remembers the candle', () => {
    expect(run(crossUp)).toEqual({
      signals: [{ kind: 'market', side: 'buy', quote: 25, reason: 'sma-cross-up' }],
      state: { lastCandleTime: 3 * MINUTE },
    });
  });

  it('does not buy on a cross up while holding', () => {
    expect(run(crossUp, holding).signals).toEqual([]);
  });

  it('sells everything on a cross down while holding', () => {
    expect(run(crossDown, holding).signals).toEqual([
      { kind: 'market', side: 'sell', base: 'all', reason: 'sma-cross-down' },
    ]);
  });

  it('does nothing on a cross down while flat', () => {
    expect(run(crossDown).signals).toEqual([]);
  });

  it('a fast SMA equal to the slow one before the last candle still counts as a cross', () => {
    // closes 5,5,5,8: before: fast 5 = slow 5; last: fast (5+8)/2 = 6.5 > slow (5+5+8)/3 = 6
    expect(run(candles([5, 5, 5, 8])).signals).toEqual([
      { kind: 'market', side: 'buy', quote: 25, reason: 'sma-cross-up' },
    ]);
  });

  it('no cross: fast stays above slow', () => {
    // closes 1,2,3,4: before: fast 2.5 > slow 2; last: fast 3.5 > slow 3
    expect(run(candles([1, 2, 3, 4])).signals).toEqual([]);
    expect(run(candles([1, 2, 3, 4]), holding).signals).toEqual([]);
  });

  it('flat prices are no cross', () => {
    // fast = slow = 5 on both candles
    expect(run(candles([5, 5, 5, 5])).signals).toEqual([]);
    expect(run(candles([5, 5, 5, 5]), holding).signals).toEqual([]);
  });

  it('uses only the last slowPeriod + 1 closes of a longer series', () => {
    expect(run(candles([100, 0, 50, 3, 2, 1, 4])).signals).toHaveLength(1);
  });

  it('not enough candles: no signals, state kept', () => {
    expect(run(candles([2, 1, 4]))).toEqual({ signals: [], state: { lastCandleTime: null } });
    expect(run([], flat, { lastCandleTime: 7 })).toEqual({
      signals: [],
      state: { lastCandleTime: 7 },
    });
  });

  it('takes candles as given: a gap in their times does not break the averages', () => {
    const gapped = crossUp.map((c, i) => (i >= 2 ? { ...c, time: c.time + 60 * MINUTE } : c));
    expect(run(gapped)).toEqual({
      signals: [{ kind: 'market', side: 'buy', quote: 25, reason: 'sma-cross-up' }],
      state: { lastCandleTime: 63 * MINUTE },
    });
  });

  it('acts once per closed candle: the same last candle again gives no signal', () => {
    const first = run(crossUp);
    expect(first.signals).toHaveLength(1);
    const again = run(crossUp, flat, viaJson(first.state));
    expect(again).toEqual({ signals: [], state: { lastCandleTime: 3 * MINUTE } });
  });

  it('ignores a snapshot older than the candle evaluated last', () => {
    expect(run(crossUp, flat, { lastCandleTime: 4 * MINUTE }).signals).toEqual([]);
  });

  it('evaluates the next candle and moves its state on', () => {
    const first = run(crossUp);
    // next candle: closes 2,1,4,5 -> before: fast 2.5 > slow 2.33; last: fast 4.5 > slow 3.33
    const next = run(candles([2, 1, 4, 5], MINUTE), flat, viaJson(first.state));
    expect(next).toEqual({ signals: [], state: { lastCandleTime: 4 * MINUTE } });
    // the cross down that follows is acted on once the bot holds the position
    const down = run(candles([1, 2, 3, 0], 2 * MINUTE), holding, viaJson(next.state));
    expect(down.signals.map((s) => s.reason)).toEqual(['sma-cross-down']);
  });

  it('state survives a JSON round trip unchanged', () => {
    const { state } = run(crossUp);
    expect(viaJson(state)).toEqual(state);
  });
});
