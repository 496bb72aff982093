import {
  candleOpen,
  firstCandleFrom,
  isInterval,
  nextCandleOpen,
  previousCandleOpen,
} from './intervals';

describe('kline intervals', () => {
  const t = Date.UTC(2026, 10, 26, 13, 47, 12, 345); // a Thursday

  it('open on UTC boundaries', () => {
    expect(candleOpen('1m', t)).toBe(Date.UTC(2026, 10, 26, 13, 47));
    expect(candleOpen('15m', t)).toBe(Date.UTC(2026, 10, 26, 13, 45));
    expect(candleOpen('4h', t)).toBe(Date.UTC(2026, 10, 26, 12));
    expect(candleOpen('1d', t)).toBe(Date.UTC(2026, 10, 26));
  });

  it('weeks open on Monday, months on the 1st', () => {
    expect(new Date(candleOpen('1w', t)).getUTCDay()).toBe(1);
    expect(candleOpen('1w', t)).toBe(Date.UTC(2026, 10, 23));
    expect(candleOpen('1M', t)).toBe(Date.UTC(2026, 10, 1));
    expect(nextCandleOpen('1M', Date.UTC(2026, 11, 1))).toBe(Date.UTC(2027, 0, 1));
    expect(previousCandleOpen('1M', Date.UTC(2026, 0, 1))).toBe(Date.UTC(2025, 11, 1));
  });

  it('startTime selects the first candle opening at or after it', () => {
    expect(firstCandleFrom('1m', Date.UTC(2026, 0, 1, 0, 5))).toBe(Date.UTC(2026, 0, 1, 0, 5));
    expect(firstCandleFrom('1m', Date.UTC(2026, 0, 1, 0, 5) + 1)).toBe(Date.UTC(2026, 0, 1, 0, 6));
  });

  it('knows Binance interval names only', () => {
    expect(['1s', '1m', '3m', '1h', '1d', '1w', '1M'].every(isInterval)).toBe(true);
    expect(isInterval('2m')).toBe(false);
    expect(isInterval('1y')).toBe(false);
  });
});
