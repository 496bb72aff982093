import { sma } from './sma';

describe('sma', () => {
  it('averages the last `period` values', () => {
    // closes 1,2,3,4,5: SMA(3) = (3+4+5)/3 = 4, SMA(5) = 15/5 = 3, SMA(1) = the last = 5
    expect(sma([1, 2, 3, 4, 5], 3)).toBe(4);
    expect(sma([1, 2, 3, 4, 5], 5)).toBe(3);
    expect(sma([1, 2, 3, 4, 5], 1)).toBe(5);
  });

  it('is null with fewer values than the period', () => {
    expect(sma([1, 2, 3, 4, 5], 6)).toBeNull();
    expect(sma([], 1)).toBeNull();
  });

  it('of flat values is that value', () => {
    expect(sma([7, 7, 7, 7], 4)).toBe(7);
  });

  it('refuses a period that is not a positive integer', () => {
    expect(() => sma([1, 2, 3], 0)).toThrow(RangeError);
    expect(() => sma([1, 2, 3], 1.5)).toThrow(RangeError);
  });
});
