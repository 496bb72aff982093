import { CandlesQuery } from '@platform/api-schemas';
import { candleWindow } from './candle-window';

const MINUTE = 60_000;
const now = Date.UTC(2026, 0, 10, 12, 0, 30); // 30 s into a minute
const query = (raw: Record<string, string>) => CandlesQuery.parse({ symbol: 'BTC/USDT', ...raw });

describe('candleWindow', () => {
  it('none of since, to, limit: the snapshot call (null)', () => {
    expect(candleWindow(query({ timeframe: '5m' }), now)).toBeNull();
  });

  it('since and to: exactly that range, its first candles up to limit', () => {
    const since = now - 60 * MINUTE;
    expect(candleWindow(query({ since: `${since}`, to: `${now}` }), now)).toEqual({
      since,
      to: now,
      limit: 5000,
      keep: 'first',
    });
    expect(candleWindow(query({ since: `${since}`, to: `${now}`, limit: '7' }), now)).toMatchObject(
      {
        limit: 7,
        keep: 'first',
      },
    );
  });

  it('since alone: limit candles from there (one more spanned), never past the open candle', () => {
    const since = now - 1000 * MINUTE;
    expect(candleWindow(query({ since: `${since}`, limit: '10' }), now)).toEqual({
      since,
      to: since + 11 * MINUTE,
      limit: 10,
      keep: 'first',
    });
    // the default 500 would reach past now: the window ends one candle after now
    expect(candleWindow(query({ since: `${now - 100 * MINUTE}` }), now)).toEqual({
      since: now - 100 * MINUTE,
      to: now + MINUTE,
      limit: 500,
      keep: 'first',
    });
    // a start in the future asks for one candle's span
    expect(candleWindow(query({ since: `${now + 10 * MINUTE}` }), now)).toMatchObject({
      since: now + 10 * MINUTE,
      to: now + 11 * MINUTE,
    });
  });

  it('to alone, or limit alone: the last candles before to (or up to the open one)', () => {
    const to = now - 30 * MINUTE;
    expect(candleWindow(query({ to: `${to}`, limit: '20' }), now)).toEqual({
      since: to - 21 * MINUTE,
      to,
      limit: 20,
      keep: 'last',
    });
    expect(candleWindow(query({ limit: '3', timeframe: '1h' }), now)).toEqual({
      since: now + 3_600_000 - 4 * 3_600_000,
      to: now + 3_600_000,
      limit: 3,
      keep: 'last',
    });
  });

  it('the span stays within 5000 candles; it never starts before 1970', () => {
    const window = candleWindow(query({ limit: '5000' }), now);
    expect(window && (window.to - window.since) / MINUTE).toBe(5000);
    expect(candleWindow(query({ to: '120000', limit: '10' }), now)).toMatchObject({
      since: 0,
      to: 120_000,
    });
  });
});
