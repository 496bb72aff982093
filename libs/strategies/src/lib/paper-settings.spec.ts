import { storedParamsFor } from './paper-settings';

describe('storedParamsFor', () => {
  const params = { slowPeriod: 50, risk: { stakeQuote: 20, paperQuoteBalance: 10000 } };

  it('a live bot leaves out the paper balance it carries from its paper days', () => {
    expect(storedParamsFor(params, 'live')).toEqual({ slowPeriod: 50, risk: { stakeQuote: 20 } });
    expect(params.risk.paperQuoteBalance).toBe(10000); // not changed in place
  });

  it('a paper bot keeps it; what is not an object is left to validation', () => {
    expect(storedParamsFor(params, 'paper')).toBe(params);
    expect(storedParamsFor(null, 'live')).toBeNull();
    expect(storedParamsFor({ risk: 5 }, 'live')).toEqual({ risk: 5 });
    expect(storedParamsFor({ slowPeriod: 5 }, 'live')).toEqual({ slowPeriod: 5 });
  });
});
