import { type RiskPosition, riskSchema, riskSignals } from './risk';

const at = (price: number, position: RiskPosition = { base: 1, averageEntry: 200 }) => ({
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
      trailingStopPct: 5,
      trailingActivationPct: 2,
      maxDailyLossQuote: 50,
      maxDrawdownPct: 20,
      capitalQuote: 1000,
      cooldownAfterLossMinutes: 10_080,
      paperQuoteBalance: 1,
    };
    expect(riskSchema.parse(risk)).toEqual(risk);
  });

  it('refuses an activation without a trailing stop, and bad values, naming the field', () => {
    const issues = (risk: unknown) =>
      riskSchema.safeParse(risk).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ trailingActivationPct: 1 })).toEqual([
      ['trailingActivationPct', 'needs trailingStopPct: it says when the trailing stop arms'],
    ]);
    expect(issues({ trailingStopPct: 100 })).toEqual([
      ['trailingStopPct', 'must be greater than 0 and less than 100'],
    ]);
    expect(issues({ cooldownAfterLossMinutes: 1.5 })).toEqual([
      ['cooldownAfterLossMinutes', 'must be a whole number'],
    ]);
    expect(issues({ cooldownAfterLossMinutes: 10_081 })).toEqual([
      ['cooldownAfterLossMinutes', 'must be between 1 and 10080'],
    ]);
    expect(issues({ maxDailyLossQuote: 0 })).toEqual([
      ['maxDailyLossQuote', 'must be a positive number'],
    ]);
    expect(issues({ maxDrawdownPct: -1 })).toEqual([
      ['maxDrawdownPct', 'must be greater than 0 and less than 100'],
    ]);
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

describe('riskSignals: the trailing stop', () => {
  const sell = [{ kind: 'market', side: 'sell', base: 'all', reason: 'trailing-stop' }];
  const held = (peakPrice: number | null) => ({ base: 1, averageEntry: 100, peakPrice });

  it('sells once the price is trailingStopPct below the highest price since the entry', () => {
    // entry 100, prices 100 -> 120 -> 110 -> 108: 10 % below the high of 120 is 108
    const limits = { trailingStopPct: 10 };
    let peak: number | null = null;
    const decisions = [100, 120, 110, 108.01, 108].map((price) => {
      peak = Math.max(peak ?? price, price); // the engine raises its high before it asks
      return riskSignals(limits, { price, position: held(peak) }).length > 0;
    });
    expect(decisions).toEqual([false, false, false, false, true]);
  });

  it('waits for the activation gain before it trails', () => {
    // entry 100, activation 25 %: the high must reach 125 before the 50 % trail counts
    const limits = { trailingStopPct: 50, trailingActivationPct: 25 };
    expect(riskSignals(limits, { price: 62.5, position: held(124.99) })).toEqual([]);
    expect(riskSignals(limits, { price: 62.5, position: held(125) })).toEqual(sell); // 125 x 0.5
    expect(riskSignals(limits, { price: 62.51, position: held(125) })).toEqual([]);
  });

  it('nothing without a known high, while flat, or without the setting', () => {
    expect(riskSignals({ trailingStopPct: 1 }, { price: 1, position: held(null) })).toEqual([]);
    expect(
      riskSignals({ trailingStopPct: 1 }, { price: 1, position: { ...held(200), base: 0 } }),
    ).toEqual([]);
    expect(riskSignals({}, { price: 1, position: held(200) })).toEqual([]);
  });

  it('a stop-loss that also holds wins, and comes before take-profit', () => {
    const limits = { stopLossPct: 10, trailingStopPct: 5, takeProfitPct: 1 };
    expect(riskSignals(limits, { price: 90, position: held(130) })[0].reason).toBe('stop-loss');
    expect(riskSignals(limits, { price: 120, position: held(130) })[0].reason).toBe(
      'trailing-stop',
    );
    expect(riskSignals(limits, { price: 125, position: held(130) })[0].reason).toBe('take-profit');
  });
});
