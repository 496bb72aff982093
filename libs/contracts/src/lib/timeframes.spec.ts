import { candleOpenAt, firstCandleFrom, fixedLengthTimeframe, nextCandleOpen } from './timeframes';

const utc = (iso: string) => Date.parse(iso);

describe('candle boundaries', () => {
  it('opens minutes, hours and days on UTC boundaries counted from the epoch', () => {
    expect(candleOpenAt('1m', utc('2025-03-04T05:06:59.999Z'))).toBe(utc('2025-03-04T05:06:00Z'));
    expect(candleOpenAt('4h', utc('2025-03-04T05:06:00Z'))).toBe(utc('2025-03-04T04:00:00Z'));
    expect(candleOpenAt('1d', utc('2025-03-04T23:59:59Z'))).toBe(utc('2025-03-04T00:00:00Z'));
    expect(nextCandleOpen('15m', utc('2025-03-04T05:00:00Z'))).toBe(utc('2025-03-04T05:15:00Z'));
  });

  it('opens weeks on Mondays and months on the 1st, months of every length', () => {
    // 2025-03-06 is a Thursday; its week opened on Monday 2025-03-03
    expect(candleOpenAt('1w', utc('2025-03-06T12:00:00Z'))).toBe(utc('2025-03-03T00:00:00Z'));
    expect(candleOpenAt('1w', utc('2025-03-03T00:00:00Z'))).toBe(utc('2025-03-03T00:00:00Z'));
    expect(candleOpenAt('1M', utc('2024-02-29T23:00:00Z'))).toBe(utc('2024-02-01T00:00:00Z'));
    expect(nextCandleOpen('1M', utc('2024-02-01T00:00:00Z'))).toBe(utc('2024-03-01T00:00:00Z'));
    expect(nextCandleOpen('1M', utc('2024-12-01T00:00:00Z'))).toBe(utc('2025-01-01T00:00:00Z'));
    expect(fixedLengthTimeframe('1w')).toBe(true);
    expect(fixedLengthTimeframe('1M')).toBe(false);
  });

  it('finds the first candle opening at or after a time', () => {
    expect(firstCandleFrom('1m', utc('2025-03-04T05:06:00Z'))).toBe(utc('2025-03-04T05:06:00Z'));
    expect(firstCandleFrom('1m', utc('2025-03-04T05:06:00.001Z'))).toBe(
      utc('2025-03-04T05:07:00Z'),
    );
    expect(firstCandleFrom('1M', utc('2025-01-15T00:00:00Z'))).toBe(utc('2025-02-01T00:00:00Z'));
  });

  it('refuses what is not a timeframe', () => {
    expect(() => candleOpenAt('0m', 0)).toThrow('not a timeframe');
    expect(() => nextCandleOpen('1y', 0)).toThrow('not a timeframe');
  });
});
