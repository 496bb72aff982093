import { candleOpenAt } from '@platform/contracts';
import { LeaseManager } from '@platform/distributed-lock';
import { type Candle, WeightBudget } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { CandleStore, createDataSource, runMigrations, sqlOver } from '@platform/persistence';
import { createTestDatabase, type TestDatabase, TestRedisServer } from '@platform/testing';
import type { DataSource } from 'typeorm';
import { fetchLastCandles } from '../feeds/candle-history';
import { ExchangeClients } from '../feeds/exchange-clients';
import { CandleBackfill } from './candle-backfill';
import { CandleTopUps } from './candle-top-ups';

const MINUTE = 60_000;
/** The simulators' price paths are anchored here, not at the minute each one started. */
const EPOCH = Date.UTC(2026, 0, 1);
jest.setTimeout(120_000);

// Backfill against the local Binance simulator (real ccxt, 1000 candles per klines request,
// its market clock at real time), a real Redis (leases, weight budget) and a real Postgres.
describe('candle backfill', () => {
  let sim: ExchangeSimulator;
  let redis: TestRedisServer;
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: CandleStore;
  const closers: { close(): Promise<void> }[] = [];
  const backfills: CandleBackfill[] = [];
  /** klines requests the simulator answered for one symbol (its request log). */
  const klines = (symbol: string) =>
    sim
      .requests({ path: '/api/v3/klines' })
      .filter(
        (r) =>
          r.query.includes(`symbol=${symbol.replace('/', '')}&`) ||
          r.query.endsWith(`symbol=${symbol.replace('/', '')}`),
      ).length;

  /** One market-data replica's backfill; all share the simulator, Redis and Postgres. */
  const replica = () => {
    const budget = new WeightBudget(redis.url, { limits: {}, defaultLimit: 6000 });
    const leases = new LeaseManager({ redisUrls: [redis.url] });
    closers.push(budget, leases);
    const clients = new ExchangeClients([{ exchangeId: 'binance', url: sim.url }], budget);
    const backfill = new CandleBackfill(store, clients, leases, {
      leaseTtlMs: 10_000,
      waitMs: 60_000,
      retryMs: 50,
    });
    backfill.start();
    backfills.push(backfill);
    return { backfill, clients };
  };

  beforeAll(async () => {
    [sim, redis, db] = await Promise.all([
      ExchangeSimulator.start({ port: 0, seed: 23, epochMs: EPOCH }),
      TestRedisServer.start(),
      createTestDatabase(runMigrations),
    ]);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    store = new CandleStore(sqlOver(dataSource));
  });

  afterAll(async () => {
    backfills.forEach((b) => b.stop());
    await Promise.all(closers.map((c) => c.close()));
    await dataSource?.destroy();
    await Promise.all([sim?.stop(), redis?.stop(), db?.drop()]);
  });

  const market = (symbol: string, timeframe = '1m') => ({
    exchangeId: 'binance',
    symbol,
    timeframe,
  });

  it('stores a range in pages of 1000, only what is missing, and nothing twice', async () => {
    const { backfill } = replica();
    const key = market('BTC/USDT');
    const to = candleOpenAt('1m', Date.now()) - 10 * MINUTE;
    const from = to - 3 * 1440 * MINUTE; // 4320 candles: 5 pages (each asks one slot more)
    const before = klines(key.symbol);
    const reply = await backfill.backfill({ ...key, from, to });
    expect(reply).toMatchObject({
      from,
      to,
      fetched: 4320,
      stored: 4320,
      requests: 5,
      missing: [],
    });
    expect(klines(key.symbol) - before).toBe(5);
    const stored = await store.load(key, from, to);
    expect(stored).toHaveLength(4320);
    expect(stored.every(([open], i) => open === from + i * MINUTE)).toBe(true);
    // again: nothing is missing, no exchange call
    expect(await backfill.backfill({ ...key, from, to })).toMatchObject({
      fetched: 0,
      requests: 0,
    });
    // a wider range reads only its two missing ends
    const wider = await backfill.backfill({
      ...key,
      from: from - 100 * MINUTE,
      to: to + 5 * MINUTE,
    });
    expect(wider).toMatchObject({ fetched: 105, stored: 105, requests: 2, missing: [] });
    expect(klines(key.symbol) - before).toBe(7);
    // the candles are the exchange's: a stored page equals a page read now
    const direct = await replica().clients.get('binance').fetchCandles(key.symbol, '1m', 50, from);
    expect(stored.slice(0, 50)).toEqual(direct);
  });

  it('two replicas asked for the same range read it from the exchange once', async () => {
    const key = market('ETH/USDT');
    const to = candleOpenAt('1m', Date.now()) - 5 * MINUTE;
    const from = to - 2500 * MINUTE;
    const before = klines(key.symbol);
    const [a, b] = [replica(), replica()];
    const replies = await Promise.all([
      a.backfill.backfill({ ...key, from, to }),
      b.backfill.backfill({ ...key, from, to }),
    ]);
    expect(klines(key.symbol) - before).toBe(3);
    expect(replies.map((r) => r.requests).sort()).toEqual([0, 3]);
    expect(replies.map((r) => r.fetched).sort((x, y) => x - y)).toEqual([0, 2500]);
    expect(replies.every((r) => r.missing.length === 0)).toBe(true);
    expect(await store.coverage(key)).toEqual({ first: from, last: to - MINUTE, count: 2500 });
  });

  it('never stores the candle open now: a range reaching past now ends before it', async () => {
    const { backfill } = replica();
    const key = market('BNB/USDT');
    const now = Date.now();
    const openNow = candleOpenAt('1m', now);
    const reply = await backfill.backfill(
      { ...key, from: openNow - 30 * MINUTE, to: openNow + 10 * MINUTE },
      now,
    );
    expect(reply.to).toBe(openNow);
    const stored = await store.load(key, openNow - 30 * MINUTE, openNow + 10 * MINUTE);
    expect(stored.at(-1)?.[0]).toBeLessThan(openNow);
    expect(stored.length).toBeGreaterThanOrEqual(29); // the last may wait for the exchange's next candle
    expect(await store.coverage(key)).toMatchObject({ first: openNow - 30 * MINUTE });
  });

  it('tops up a feed with its newly closed candles and refetches the gaps in its history', async () => {
    const { backfill, clients } = replica();
    const key = market('SOL/USDT');
    const topUps = new CandleTopUps(store, backfill, 0); // a gap check on every call
    // an old candle stored earlier: the history since it has a gap up to the feed's candles
    const latest = await fetchLastCandles(clients.get('binance'), key, 100);
    const firstOfFeed = latest[0][0];
    const old = await clients
      .get('binance')
      .fetchCandles(key.symbol, '1m', 1, firstOfFeed - 500 * MINUTE);
    await store.save(key, old);
    const before = klines(key.symbol);
    topUps.candles(key, latest);
    await topUps.drained();
    const openThen = latest.at(-1)?.[0] as number; // the feed's last candle: open when read
    const stored = await store.load(key, firstOfFeed - 500 * MINUTE, openThen);
    expect(stored.map(([open]) => open)).toEqual(
      Array.from({ length: 500 + 99 }, (_, i) => firstOfFeed - 500 * MINUTE + i * MINUTE),
    );
    expect(stored.slice(-99)).toEqual(latest.slice(0, -1)); // the feed's closed ones, as read
    // the 499 minutes of the gap: one page (and one more if a minute closed meanwhile)
    expect(klines(key.symbol) - before).toBeGreaterThanOrEqual(1);
    expect(klines(key.symbol) - before).toBeLessThanOrEqual(2);
    // the next gap check starts where this one ended: the history before it (and a hole the
    // exchange has no candles for) is not asked for again, nor the coverage read again
    let coverageReads = 0;
    const counting = Object.assign(Object.create(store) as CandleStore, {
      coverage: (k: typeof key) => {
        coverageReads++;
        return store.coverage(k);
      },
    });
    const checking = new CandleTopUps(counting, backfill, 0);
    checking.candles(key, latest);
    await checking.drained();
    checking.candles(key, latest);
    await checking.drained();
    expect(coverageReads).toBe(1);
    // the next read, after the exchange moved on, stores the candle that was open
    const later: Candle[] = [...latest, [openThen + MINUTE, '1', '1', '1', '1', '0']];
    const closedNow = openThen + MINUTE <= Date.now();
    const again = new CandleTopUps(store, backfill, 3_600_000); // no gap check this time
    again.candles(key, later);
    await again.drained();
    expect((await store.load(key, openThen, openThen + 2 * MINUTE)).map(([t]) => t)).toEqual(
      closedNow ? [openThen] : [],
    );
  });

  it('serves the same year of 1m history every time: ccxt pages from a seeded path', async () => {
    // a second simulator with the same seed and epoch (where its paths are at their configured
    // prices; by default the minute it started), started later, answers the same candles
    const other = await ExchangeSimulator.start({ port: 0, seed: 23, epochMs: EPOCH });
    try {
      const budget = new WeightBudget(redis.url, { limits: {}, defaultLimit: 6000 });
      closers.push(budget);
      const second = new ExchangeClients([{ exchangeId: 'binance', url: other.url }], budget);
      const first = replica().clients;
      const yearAgo = candleOpenAt('1m', Date.now()) - 365 * 1440 * MINUTE;
      for (const since of [yearAgo, yearAgo + 180 * 1440 * MINUTE, yearAgo + 364 * 1440 * MINUTE]) {
        const [a, b] = await Promise.all([
          first.get('binance').fetchCandles('BTC/USDT', '1m', 1000, since),
          second.get('binance').fetchCandles('BTC/USDT', '1m', 1000, since),
        ]);
        expect(a).toHaveLength(1000);
        expect(a[0][0]).toBe(since);
        expect(a).toEqual(b);
      }
    } finally {
      await other.stop();
    }
  });
});
