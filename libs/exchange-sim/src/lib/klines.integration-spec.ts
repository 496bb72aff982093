import { ExchangeSimulator } from '../index';

// GET /api/v3/klines paged as Binance documents it (binance-spot-api-docs rest-api.md,
// "Kline/Candlestick data"): weight 2; limit default 500, maximum 1000; startTime: the candles
// opening at or after it, oldest first; endTime: none opening after it; neither: the most
// recent ones; candles identified by their open time. The market clock is frozen at a known
// time so every answer below is exact.

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 5, 1, 12, 30, 20); // 20 s into the 12:30 candle
const OPEN_NOW = Date.UTC(2026, 5, 1, 12, 30);

type Row = [number, string, string, string, string, string, number, ...unknown[]];

describe('klines paging (Binance rules)', () => {
  let sim: ExchangeSimulator;
  const klines = async (query: string): Promise<{ rows: Row[]; weight: string | null }> => {
    const response = await fetch(`${sim.url}/api/v3/klines?symbol=BTCUSDT&interval=1m&${query}`);
    expect(response.status).toBe(200);
    return {
      rows: (await response.json()) as Row[],
      weight: response.headers.get('x-mbx-used-weight-1m'),
    };
  };
  const opens = (rows: Row[]) => rows.map((row) => row[0]);
  const minutes = (first: number, count: number) =>
    Array.from({ length: count }, (_, i) => first + i * MINUTE);

  beforeAll(async () => {
    sim = await ExchangeSimulator.start({ port: 0, seed: 5, clockSpeed: 0, marketStartMs: NOW });
  });

  afterAll(() => sim?.stop());

  it('without startTime or endTime: the most recent 500, the last one the candle open now', async () => {
    const { rows } = await klines('');
    expect(rows).toHaveLength(500);
    expect(opens(rows)).toEqual(minutes(OPEN_NOW - 499 * MINUTE, 500));
    expect(rows[499][6]).toBe(OPEN_NOW + MINUTE - 1); // close time: the last ms of the candle
  });

  it('limit: at most 1000, at least 1', async () => {
    expect((await klines('limit=1000')).rows).toHaveLength(1000);
    expect((await klines('limit=5000')).rows).toHaveLength(1000);
    expect((await klines('limit=7')).rows).toHaveLength(7);
  });

  it('startTime: forward from the first candle opening at or after it', async () => {
    const start = OPEN_NOW - 3000 * MINUTE;
    expect(opens((await klines(`startTime=${start}&limit=1000`)).rows)).toEqual(
      minutes(start, 1000),
    );
    expect(opens((await klines(`startTime=${start + 1}&limit=3`)).rows)).toEqual(
      minutes(start + MINUTE, 3),
    );
    // a page reaching the present stops at the candle open now
    expect(opens((await klines(`startTime=${OPEN_NOW - 2 * MINUTE}&limit=1000`)).rows)).toEqual(
      minutes(OPEN_NOW - 2 * MINUTE, 3),
    );
    expect((await klines(`startTime=${OPEN_NOW + MINUTE}`)).rows).toEqual([]);
  });

  it('endTime: nothing opening after it; with startTime the range between, from its start', async () => {
    const end = OPEN_NOW - 100 * MINUTE;
    expect(opens((await klines(`endTime=${end}&limit=5`)).rows)).toEqual(
      minutes(end - 4 * MINUTE, 5),
    );
    expect(
      opens((await klines(`startTime=${end - 10 * MINUTE}&endTime=${end}&limit=1000`)).rows),
    ).toEqual(minutes(end - 10 * MINUTE, 11));
    expect(
      opens((await klines(`startTime=${end - 10 * MINUTE}&endTime=${end}&limit=4`)).rows),
    ).toEqual(minutes(end - 10 * MINUTE, 4));
  });

  it('pages of a year ago are there, the same each time, and each request weighs 2', async () => {
    const yearAgo = OPEN_NOW - 365 * 1440 * MINUTE;
    const first = await klines(`startTime=${yearAgo}&limit=1000`);
    const again = await klines(`startTime=${yearAgo}&limit=1000`);
    expect(opens(first.rows)).toEqual(minutes(yearAgo, 1000));
    expect(again.rows).toEqual(first.rows);
    expect(Number(again.weight)).toBeGreaterThanOrEqual(2); // this minute's weight so far
    const logged = sim.requests({ path: '/api/v3/klines' }).at(-1);
    expect(logged?.weight).toBe(2);
    for (const [, open, high, low, close, volume] of first.rows) {
      expect(Number(high)).toBeGreaterThanOrEqual(Math.max(Number(open), Number(close)));
      expect(Number(low)).toBeLessThanOrEqual(Math.min(Number(open), Number(close)));
      expect(Number(volume)).toBeGreaterThan(0);
    }
  });
});
