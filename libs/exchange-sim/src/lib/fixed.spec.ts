import {
  div,
  fixed,
  floorToStep,
  format,
  fromNumberToStep,
  mul,
  mulCeil,
  parseDecimal,
} from './fixed';

describe('fixed-point amounts (8 decimals)', () => {
  it('parses Binance decimals and renders them with eight places', () => {
    expect(parseDecimal('0.001')).toEqual({ kind: 'ok', value: 100000n });
    expect(parseDecimal('60000')).toEqual({ kind: 'ok', value: 6_000_000_000_000n });
    expect(parseDecimal('1.1234567800')).toEqual({ kind: 'ok', value: 112345678n });
    expect(format(100000n)).toBe('0.00100000');
    expect(format(6_000_000_000_000n)).toBe('60000.00000000');
    expect(format(-5n)).toBe('-0.00000005');
  });

  it('refuses what Binance refuses: -1100 illegal characters, -1111 too much precision', () => {
    for (const text of ['', '-1', '1e-5', '1.', '.5', '1,5', 'abc']) {
      expect(parseDecimal(text)).toEqual({ kind: 'illegal' });
    }
    expect(parseDecimal('0.000000001')).toEqual({ kind: 'precision' });
  });

  it('multiplies and divides with truncation (and a ceiling for holds)', () => {
    expect(mul(fixed('60000.01'), fixed('0.01'))).toBe(fixed('600.0001'));
    expect(mul(fixed('0.33333333'), fixed('0.00000003'))).toBe(0n);
    expect(mulCeil(fixed('0.33333333'), fixed('0.00000003'))).toBe(1n);
    expect(div(fixed('100'), fixed('3'))).toBe(fixed('33.33333333'));
  });

  it('rounds to steps', () => {
    expect(floorToStep(fixed('0.123456'), fixed('0.001'))).toBe(fixed('0.123'));
    expect(fromNumberToStep(60000.005000001, fixed('0.01'))).toBe(fixed('60000.01'));
    expect(fromNumberToStep(0.61234, fixed('0.0001'))).toBe(fixed('0.6123'));
  });
});
