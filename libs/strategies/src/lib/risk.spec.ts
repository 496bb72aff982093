import { riskSchema, riskSignals } from './risk';
import type { StrategyPosition } from './types';

const at = (price: number, position: StrategyPosition = { base: 1, averageEntry: 200 }) => ({
  price,
  position,
});

describe('riskSchema', () => {
  it('applies the defaults and leaves the optional limits out', () => {
    // the paper balance is a paper bot's alone: validateBotParams fills it in for those
    expect(riskSchema.parse({})).toEqual({ stakeQuote: 100, maxOpenOrders: 20 });
  });

  it('keeps what is given', () => {
    const risk = {
      stakeQuote: 5,
      maxPositionBase: 0.1,
      maxOpenOrders: 200,
      stopLossPct: 99.5,
      takeProfitPct: 1000,
      paperQuoteBalance: 1,
    };
    expect(riskSchema.parse(risk)).toEqual(risk);
  });
});

describe('riskSignals', () => {
  const sell = (reason: string) => [{ kind: 'market', side: 'sell', base: 'all', reason }];

  it('stop-loss at stopLossPct below the average entry, inclusive', () => {
    // 50% below 200 = 100
    expect(riskSignals({ stopLossPct: 50 }, at(100))).toEqual(sell('stop-loss'));
    expect(riskSignals({ stopLossPct: 50 }, at(60))).toEqual(sell('stop-loss'));
    expect(riskSignals({ stopLossPct: 50 }, at(100.01))).toEqual([]);
  });

  it('take-profit at takeProfitPct above the average entry, inclusive', () => {
    // 50% above 200 = 300
    expect(riskSignals({ takeProfitPct: 50 }, at(300))).toEqual(sell('take-profit'));
    expect(riskSignals({ takeProfitPct: 50 }, at(299.99))).toEqual([]);
  });

  it('nothing in between, nor without limits', () => {
    expect(riskSignals({ stopLossPct: 50, takeProfitPct: 50 }, at(200))).toEqual([]);
    expect(riskSignals({}, at(1))).toEqual([]);
    expect(riskSignals({}, at(1e9))).toEqual([]);
  });

  it('nothing while flat or with an unknown entry', () => {
    const limits = { stopLossPct: 10, takeProfitPct: 10 };
    expect(riskSignals(limits, at(1, { base: 0, averageEntry: 200 }))).toEqual([]);
    expect(riskSignals(limits, at(1, { base: 1, averageEntry: null }))).toEqual([]);
  });
});
