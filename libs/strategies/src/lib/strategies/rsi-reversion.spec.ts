import { candles, input, MINUTE, viaJson } from '../spec-fixtures';
import type { CandleBar, StrategyPosition } from '../types';
import { rsiReversion, rsiReversionSchema, type RsiReversionParams } from './rsi-reversion';

const params = rsiReversionSchema.parse({ period: 3, risk: { stakeQuote: 40 } }); // 30 / 70
const flat: StrategyPosition = { base: 0, averageEntry: null };
const holding: StrategyPosition = { base: 2, averageEntry: 11 };

const run = (
  bars: CandleBar[],
  position = flat,
  state: { lastCandleTime: number | null } | null = null,
  p: RsiReversionParams = params,
) => rsiReversion.evaluate(p, input({ candles: bars, position, state }));

// RSI(3) of the closes (see indicators/rsi.spec.ts for the arithmetic):
const rsi25 = candles([12, 10, 11, 10]); // changes -2,+1,-1: avgGain 1/3, avgLoss 1, RS 1/3 -> 25
const rsi75 = candles([10, 11, 10, 12]); // changes +1,-1,+2: avgGain 1, avgLoss 1/3, RS 3 -> 75
const rsi55 = candles([10, 11, 10, 12, 11]); // smoothed: 600/11 = 54.5
const rsi0 = candles([4, 3, 2, 1]);
const rsi100 = candles([1, 2, 3, 4]);

describe('rsi-reversion', () => {
  it('needs period + 1 candles', () => {
    expect(rsiReversion.candlesNeeded(params)).toBe(4);
  });

  it('buys stakeQuote when RSI is below oversold while flat', () => {
    expect(run(rsi25)).toEqual({
      signals: [{ kind: 'market', side: 'buy', quote: 40, reason: 'rsi-oversold' }],
      state: { lastCandleTime: 3 * MINUTE },
    });
    expect(run(rsi0).signals.map((s) => s.reason)).toEqual(['rsi-oversold']);
  });

  it('does not buy more while holding', () => {
    expect(run(rsi25, holding).signals).toEqual([]);
  });

  it('sells everything when RSI is above overbought while holding', () => {
    const sell = [{ kind: 'market', side: 'sell', base: 'all', reason: 'rsi-overbought' }];
    expect(run(rsi75, holding).signals).toEqual(sell);
    expect(run(rsi100, holding).signals).toEqual(sell);
  });

  it('does nothing above overbought while flat', () => {
    expect(run(rsi75).signals).toEqual([]);
  });

  it('does nothing between the thresholds', () => {
    expect(run(rsi55).signals).toEqual([]);
    expect(run(rsi55, holding).signals).toEqual([]);
    // 75 is not above an overbought of 80; 25 is not below an oversold of 20
    const wide = rsiReversionSchema.parse({ period: 3, oversold: 20, overbought: 80 });
    expect(run(rsi75, holding, null, wide).signals).toEqual([]);
    expect(run(rsi25, flat, null, wide).signals).toEqual([]);
  });

  it('flat prices are RSI 50, neither oversold nor overbought', () => {
    const tight = rsiReversionSchema.parse({ period: 3, oversold: 49, overbought: 51 });
    expect(run(candles([5, 5, 5, 5]), flat, null, tight).signals).toEqual([]);
    expect(run(candles([5, 5, 5, 5]), holding, null, tight).signals).toEqual([]);
  });

  it('not enough candles: no signals, state kept', () => {
    expect(run(candles([4, 3, 2]))).toEqual({ signals: [], state: { lastCandleTime: null } });
  });

  it('takes candles as given: a gap in their times does not break the RSI', () => {
    const gapped = rsi25.map((c, i) => (i === 3 ? { ...c, time: c.time + 24 * 60 * MINUTE } : c));
    expect(run(gapped).signals.map((s) => s.reason)).toEqual(['rsi-oversold']);
  });

  it('acts once per closed candle, with its state after a JSON round trip', () => {
    const first = run(rsi25);
    expect(viaJson(first.state)).toEqual(first.state);
    expect(run(rsi25, flat, viaJson(first.state))).toEqual({
      signals: [],
      state: { lastCandleTime: 3 * MINUTE },
    });
    // a new closed candle is evaluated: 10,11,10,9 -> changes +1,-1,-1: avgGain 1/3,
    // avgLoss 2/3, RS 0.5, RSI = 100 - 100/1.5 = 33.3: not oversold
    const next = run(candles([10, 11, 10, 9], MINUTE), flat, viaJson(first.state));
    expect(next).toEqual({ signals: [], state: { lastCandleTime: 4 * MINUTE } });
  });
});
