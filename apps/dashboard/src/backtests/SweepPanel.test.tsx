import { describe, expect, it } from 'vitest';
import { gridFrom, sweepableParams } from './SweepPanel';

describe('sweep grid from the form', () => {
  it('offers the numeric params, the strategy’s own before the risk limits', () => {
    expect(
      sweepableParams({ risk: { stakeQuote: 100, note: 'x' }, fastPeriod: 5, mode: 'a' }),
    ).toEqual([
      ['fastPeriod', 5],
      ['risk.stakeQuote', 100],
    ]);
  });

  it('takes a parameter into the grid only when it lists more than one value', () => {
    expect(gridFrom({ fastPeriod: '5, 8;13', slowPeriod: '21', 'risk.stakeQuote': '' })).toEqual({
      fastPeriod: [5, 8, 13],
    });
    expect(gridFrom({ fastPeriod: '5 x' })).toEqual({ fastPeriod: [5, 'x'] });
  });
});
