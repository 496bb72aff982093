import { rsi } from './rsi';

describe('rsi (Wilder)', () => {
  it('starts from the plain means of the first `period` gains and losses', () => {
    // closes 10,11,10,12, period 3: changes +1,-1,+2
    // avgGain = (1+0+2)/3 = 1, avgLoss = (0+1+0)/3 = 1/3, RS = 3, RSI = 100 - 100/4 = 75
    expect(rsi([10, 11, 10, 12], 3)).toBeCloseTo(75, 10);
  });

  it("smooths every later change with Wilder's average", () => {
    // ... then 11: change -1
    // avgGain = (1*2 + 0)/3 = 2/3, avgLoss = (1/3*2 + 1)/3 = 5/9
    // RS = (2/3)/(5/9) = 1.2, RSI = 100 - 100/2.2 = 600/11 = 54.5454...
    expect(rsi([10, 11, 10, 12, 11], 3)).toBeCloseTo(600 / 11, 10);
  });

  it('falling values only: RSI 0', () => {
    // changes -1,-1,-1: avgGain 0, avgLoss 1, RS 0, RSI = 100 - 100/1 = 0
    expect(rsi([4, 3, 2, 1], 3)).toBe(0);
  });

  it('gains and no losses: RSI 100', () => {
    expect(rsi([1, 2, 3, 4], 3)).toBe(100);
  });

  it('flat values (no gains, no losses): RSI 50', () => {
    expect(rsi([5, 5, 5, 5], 3)).toBe(50);
  });

  it('needs period + 1 values', () => {
    expect(rsi([1, 2, 3], 3)).toBeNull();
    expect(rsi([1, 2, 3, 4], 3)).not.toBeNull();
  });

  it('agrees with the StockCharts RSI(14) example', () => {
    // StockCharts' published table rounds its intermediate averages to two decimals, which
    // moves the RSI by up to ~0.07; the exact figures are within 0.1 of theirs.
    const closes = [
      44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61,
      46.28, 46.28, 46.0, 46.03, 46.41, 46.22, 45.64,
    ];
    const published = [70.53, 66.32, 66.55, 69.41, 66.36, 57.97];
    published.forEach((expected, i) => {
      const value = rsi(closes.slice(0, 15 + i), 14)!;
      expect(Math.abs(value - expected)).toBeLessThan(0.1);
    });
  });

  it('refuses a period that is not a positive integer', () => {
    expect(() => rsi([1, 2, 3], 0)).toThrow(RangeError);
  });
});
