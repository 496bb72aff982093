import { createTestDatabase, type TestDatabase } from '@platform/testing';
import type { Candle } from '@platform/exchange';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { runMigrations } from '../migrate';
import { sqlOver } from '../sql/typeorm-sql';
import { CandleStore } from './candle.store';

const MINUTE = 60_000;
const T0 = Date.parse('2025-01-01T00:00:00Z');
const at = (minute: number) => T0 + minute * MINUTE;
const key = { exchangeId: 'binance', symbol: 'BTC/USDT', timeframe: '1m' };

/** A deterministic 1m candle opening at minute `m` of T0. */
const candle = (m: number, bump = 0): Candle => {
  const base = 60000 + (m % 997) + bump;
  return [
    at(m),
    `${base}.5`,
    `${base + 3}.25`,
    `${base - 2}.75`,
    `${base + 1}`,
    `${(m % 89) + 0.125}`,
  ];
};
const candles = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => candle(from + i));

describe('CandleStore', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: CandleStore;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    store = new CandleStore(sqlOver(dataSource));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('upserts idempotently: the same candles again write nothing, a changed one is replaced', async () => {
    const k = { ...key, symbol: 'ETH/USDT' };
    expect(await store.save(k, candles(0, 3000))).toBe(3000); // spans three day chunks
    expect(await store.save(k, candles(0, 3000))).toBe(0);
    expect(await store.save(k, [candle(5, 7), candle(5, 7), candle(2999)])).toBe(1);
    const loaded = await store.load(k, at(0), at(3000));
    expect(loaded).toHaveLength(3000);
    expect(loaded[5]).toEqual(candle(5, 7));
    expect(loaded[6]).toEqual(candle(6));
    expect(await store.coverage(k)).toEqual({ first: at(0), last: at(2999), count: 3000 });
    // the per-candle view shows the same rows under (exchange, symbol, timeframe, open time)
    const [row] = await dataSource.query(
      `SELECT open_time::text, open::text, volume::text, count(*) OVER ()::int AS n FROM candles
        WHERE exchange_id = 'binance' AND symbol = 'ETH/USDT' AND open_time = $1`,
      [at(5)],
    );
    expect(row).toEqual({
      open_time: String(at(5)),
      open: candle(5, 7)[1],
      volume: candle(5, 7)[5],
      n: 1,
    });
  });

  it('loads [from, to): the first candle opening at from, none opening at to, oldest first', async () => {
    const k = { ...key, symbol: 'LTC/USDT' };
    await store.save(k, candles(1430, 1450)); // across the chunk boundary at minute 1440
    expect((await store.load(k, at(1435), at(1445))).map((c) => c[0])).toEqual(
      Array.from({ length: 10 }, (_, i) => at(1435 + i)),
    );
    expect(await store.load(k, at(1435) + 1, at(1436) + 1)).toEqual([candle(1436)]);
    expect(await store.load(k, at(1450), at(2000))).toEqual([]);
    const numbers = await store.loadColumns(k, at(1435) + 1, at(1445));
    expect(Array.from(numbers.openTime)).toEqual(Array.from({ length: 9 }, (_, i) => at(1436 + i)));
    expect(Array.from(numbers.close)).toEqual(candles(1436, 1445).map((c) => Number(c[4])));
    expect((await store.loadColumns(k, at(1450), at(2000))).count).toBe(0);
    expect(await store.load(k, at(1440), at(1440))).toEqual([]);
    expect(await store.load({ ...k, timeframe: '5m' }, at(0), at(2000))).toEqual([]);
    expect(await store.coverage({ ...k, timeframe: '5m' })).toBeNull();
  });

  it('finds the gaps among the candles that should exist, and none for the open candle', async () => {
    const k = { ...key, symbol: 'XRP/USDT' };
    await store.save(k, [...candles(10, 20), ...candles(25, 30), ...candles(1500, 1510)]);
    expect(await store.missingRanges(k, at(0), at(1600))).toEqual([
      [at(0), at(10)],
      [at(20), at(25)],
      [at(30), at(1500)],
      [at(1510), at(1600)],
    ]);
    expect(await store.missingRanges(k, at(12), at(28))).toEqual([[at(20), at(25)]]);
    expect(await store.missingRanges(k, at(10), at(20))).toEqual([]);
    // from inside a candle: the first slot is the next candle's
    expect(await store.missingRanges(k, at(9) + 1, at(11))).toEqual([]);
    // a range reaching now ends at the open candle's start
    const now = at(1505) + 30_000;
    expect(await store.missingRanges(k, at(1500), at(1600), now)).toEqual([]);
    expect(await store.missingRanges(k, at(1500), at(1600), at(1512) + 1)).toEqual([
      [at(1510), at(1512)],
    ]);
  });

  it('never stores the candle still open, nor one that opens later', async () => {
    const k = { ...key, symbol: 'SOL/USDT' };
    const now = Date.now();
    const open = Math.floor(now / MINUTE) * MINUTE;
    const row = (t: number): Candle => [t, '1', '2', '0.5', '1.5', '10'];
    expect(await store.save(k, [row(open - MINUTE), row(open), row(open + MINUTE)])).toBe(1);
    expect((await store.load(k, open - 10 * MINUTE, open + 10 * MINUTE)).map((c) => c[0])).toEqual([
      open - MINUTE,
    ]);
  });

  it('keeps weeks on Mondays and months on calendar months when finding gaps', async () => {
    const week = { ...key, timeframe: '1w' };
    const monday = Date.parse('2024-01-01T00:00:00Z'); // a Monday
    const row = (t: number): Candle => [t, '1', '2', '0.5', '1.5', '10'];
    await store.save(week, [row(monday), row(monday + 2 * 7 * 86_400_000)]);
    expect(await store.missingRanges(week, monday, monday + 3 * 7 * 86_400_000)).toEqual([
      [monday + 7 * 86_400_000, monday + 14 * 86_400_000],
    ]);
    const month = { ...key, timeframe: '1M' };
    const jan = Date.parse('2024-01-01T00:00:00Z');
    const feb = Date.parse('2024-02-01T00:00:00Z');
    const mar = Date.parse('2024-03-01T00:00:00Z');
    const apr = Date.parse('2024-04-01T00:00:00Z');
    await store.save(month, [row(jan), row(mar)]);
    expect(await store.missingRanges(month, jan, apr)).toEqual([[feb, mar]]);
  });

  it('refuses what is not a candle: a bad time or a value that is not a decimal', async () => {
    await expect(store.save(key, [[-1, '1', '1', '1', '1', '1']])).rejects.toThrow('not a time');
    await expect(store.save(key, [[at(0), '1', '1e3', '1', '1', '1']])).rejects.toThrow(
      'not a decimal',
    );
    await expect(store.save(key, [[at(0), '1', '1"]', '1', '1', '1']])).rejects.toThrow(
      'not a decimal',
    );
  });

  it('loads a year of 1m candles (525,600) of one market, printing the time it took', async () => {
    const k = { ...key, symbol: 'YEAR/USDT' };
    const year = 525_600;
    const year1m = Array.from({ length: year }, (_, i): Candle => {
      const m = i % 1440;
      return [
        at(i),
        `${60000 + m}.5`,
        `${60010 + m}.25`,
        `${59990 + m}.75`,
        `${60001 + m}`,
        `${(m % 89) + 0.125}`,
      ];
    });
    const saving = performance.now();
    expect(await store.save(k, year1m)).toBe(year);
    console.log(
      `CandleStore.save: a year of 1m candles in ${(performance.now() - saving).toFixed(0)} ms`,
    );
    await dataSource.query('VACUUM ANALYZE candle_chunks');
    const timings: number[] = [];
    let loaded: Candle[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      loaded = await store.load(k, at(0), at(year));
      timings.push(performance.now() - started);
    }
    expect(loaded).toHaveLength(year);
    expect(loaded[0]).toEqual([at(0), '60000.5', '60010.25', '59990.75', '60001', '0.125']);
    expect(loaded[year - 1][0]).toBe(at(year - 1));
    const best = Math.min(...timings);
    const numbers: number[] = [];
    let columns = await store.loadColumns(k, at(0), at(year));
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      columns = await store.loadColumns(k, at(0), at(year));
      numbers.push(performance.now() - started);
    }
    expect(columns.count).toBe(year);
    expect([columns.openTime[0], columns.open[0], columns.high[0], columns.low[0]]).toEqual([
      at(0),
      60000.5,
      60010.25,
      59990.75,
    ]);
    expect([columns.close[year - 1], columns.volume[year - 1]]).toEqual([
      60001 + 1439,
      (1439 % 89) + 0.125,
    ]);
    console.log(
      `CandleStore.loadColumns: the same year as numbers in ${numbers.map((t) => t.toFixed(0)).join(' / ')} ms`,
    );
    console.log(
      `CandleStore.load: a year of 1m candles (${year}) in ${timings.map((t) => t.toFixed(0)).join(' / ')} ms (best ${best.toFixed(0)} ms)`,
    );
    // read in parts at once: their edges lose and repeat nothing
    const inner = await store.load(k, at(1000) + 1, at(year - 1000));
    expect(inner).toHaveLength(year - 2001);
    expect(inner.every(([open], i) => open === at(1001 + i))).toBe(true);
    expect(await store.missingRanges(k, at(0), at(year))).toEqual([]);
    expect(await store.coverage(k)).toEqual({ first: at(0), last: at(year - 1), count: year });
  }, 180_000);
});
