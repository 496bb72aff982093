import { CandleRangeQuery } from '@platform/contracts';
import { WeightBudget } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { SnapshotStore } from '@platform/market-snapshots';
import { createRedis } from '@platform/redis';
import { LeaseManager } from '@platform/distributed-lock';
import { CandleStore, createDataSource, runMigrations, sqlOver } from '@platform/persistence';
import { createTestDatabase, type TestDatabase, TestRedisServer } from '@platform/testing';
import type { DataSource } from 'typeorm';
import { CandleBackfill } from '../candles/candle-backfill';
import { fetchCandleRange } from '../feeds/candle-history';
import { ExchangeClients } from '../feeds/exchange-clients';
import { CandleRangesService, type FetchedRange } from './candle-ranges.service';
import { ClusterFlight } from './cluster-flight';

const MINUTE = 60_000;
// the simulator computes each candle from its price path: a page of 1000 takes a while
jest.setTimeout(30_000);

// Candles by range against the local Binance simulator (1000 candles per klines request, its
// market clock at real time), a real Redis and a real Postgres: closed candles from the candle
// store, filled from the snapshot when it holds them, else backfilled from the exchange through
// the weight budget, once for all replicas; the open candle from the snapshot, never stored.
describe('candle ranges', () => {
  let sim: ExchangeSimulator;
  let redis: TestRedisServer;
  let db: TestDatabase;
  let dataSource: DataSource;
  let candleStore: CandleStore;
  const closers: { close(): Promise<void> }[] = [];
  let now: number;
  const klines = () => sim.requests({ path: '/api/v3/klines' }).length;
  const feed = { exchangeId: 'binance', symbol: 'BNB/USDT', timeframe: '1m' };

  /** One market-data replica's range service; all of them share the simulator and Redis. */
  const replica = () => {
    const budget = new WeightBudget(redis.url, { limits: {}, defaultLimit: 6000 });
    const store = new SnapshotStore(redis.url);
    const flight = new ClusterFlight<FetchedRange>(redis.url, {
      prefix: 'md:candle-range',
      resultTtlMs: 15_000,
      lockMs: 30_000,
    });
    closers.push(budget, store);
    const clients = new ExchangeClients([{ exchangeId: 'binance', url: sim.url }], budget);
    const settings = {
      pollIntervalMs: 1000,
      candleRefreshMs: 5000,
      feedRefreshMs: 2000,
      leaseTtlMs: 10_000,
      streams: false,
      streamStaleMs: 3000,
    };
    const leases = new LeaseManager({ redisUrls: [redis.url] });
    closers.push(leases);
    const backfill = new CandleBackfill(candleStore, clients, leases, {
      leaseTtlMs: 10_000,
      waitMs: 30_000,
      retryMs: 50,
    });
    backfill.start();
    closers.push({ close: async () => backfill.stop() });
    const service = new CandleRangesService(
      store,
      clients,
      settings,
      flight,
      candleStore,
      backfill,
    );
    closers.push({ close: () => service.onApplicationShutdown() });
    return { service, store, clients };
  };

  beforeAll(async () => {
    [sim, redis, db] = await Promise.all([
      ExchangeSimulator.start({ port: 0, seed: 11 }),
      TestRedisServer.start(),
      createTestDatabase(runMigrations),
    ]);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    candleStore = new CandleStore(sqlOver(dataSource));
    const latest = await replica().clients.get('binance').fetchCandles(feed.symbol, '1m', 1);
    now = latest[0][0]; // the open candle's time
  });

  afterAll(async () => {
    await Promise.all(closers.map((c) => c.close()));
    await dataSource?.destroy();
    await Promise.all([sim?.stop(), redis?.stop(), db?.drop()]);
  });

  it('pages forward from since, each page as large as the exchange allows, up to to', async () => {
    const { clients } = replica();
    const since = now - 5000 * MINUTE + 17_000; // mid-candle: the first one opens after it
    const to = since + 2500 * MINUTE;
    const before = klines();
    const candles = await fetchCandleRange(clients.get('binance'), feed, since, to);
    expect(klines() - before).toBe(3);
    expect(candles).toHaveLength(2500);
    const times = candles.map(([open]) => open);
    expect(times[0]).toBe(since - 17_000 + MINUTE);
    expect(times.slice(1).every((open, i) => open - times[i] === MINUTE)).toBe(true);
    expect(times.at(-1)).toBeLessThan(to);
  });

  it('stops at the present: a range reaching past now ends with the open candle', async () => {
    const { clients } = replica();
    const now = (await clients.get('binance').fetchCandles(feed.symbol, '1m', 1))[0][0];
    const candles = await fetchCandleRange(
      clients.get('binance'),
      feed,
      now - 10 * MINUTE,
      now + 5 * MINUTE,
    );
    expect(candles.map(([open]) => open)).toEqual(
      Array.from({ length: 11 }, (_, i) => now - (10 - i) * MINUTE),
    );
  });

  it('answers closed candles from the store, filling what it lacks from the snapshot first', async () => {
    const { service, store, clients } = replica();
    const candles = await clients.get('binance').fetchCandles(feed.symbol, '1m', 300);
    await store.writeCandles({ ...feed, candles, fetchedAt: Date.now() }, 60_000);
    const openNow = candles.at(-1)?.[0] as number;
    const before = klines();
    const range = (since: number, to: number) => service.range({ ...feed, since, to });
    const inside = await range(openNow - 100 * MINUTE, openNow - 90 * MINUTE);
    expect(inside.candles).toEqual(candles.slice(-101, -91));
    expect(klines() - before).toBe(0);
    // the snapshot's closed candles are in the store now
    expect(await candleStore.load(feed, openNow - 299 * MINUTE, openNow)).toEqual(
      candles.slice(0, -1),
    );
    // older than the snapshot: backfilled from the exchange into the store, then read from it
    const older = await range(openNow - 400 * MINUTE, openNow - 390 * MINUTE);
    expect(older.candles.map(([open]) => open)).toEqual(
      Array.from({ length: 10 }, (_, i) => openNow - (400 - i) * MINUTE),
    );
    expect(klines() - before).toBe(1);
    expect(older).toMatchObject({ ...feed, stale: false, ageMs: expect.any(Number) });
    expect(
      await candleStore.missingRanges(feed, openNow - 400 * MINUTE, openNow - 390 * MINUTE),
    ).toEqual([]);
    // asked again: the store answers, no exchange call
    expect(await range(openNow - 400 * MINUTE, openNow - 390 * MINUTE)).toMatchObject({
      candles: older.candles,
    });
    expect(klines() - before).toBe(1);
  });

  it('adds the candle open now from the snapshot, and never stores it', async () => {
    const { service, store, clients } = replica();
    const key = { ...feed, symbol: 'ETH/USDT' };
    const candles = await clients.get('binance').fetchCandles(key.symbol, '1m', 100);
    await store.writeCandles({ ...key, candles, fetchedAt: Date.now() }, 60_000);
    const openThen = candles.at(-1)?.[0] as number;
    const recent = await service.range({
      ...key,
      since: openThen - 5 * MINUTE,
      to: openThen + MINUTE,
    });
    expect(recent.candles).toHaveLength(6);
    expect(recent.candles.slice(0, 5)).toEqual(candles.slice(-6, -1));
    const open = recent.candles.at(-1)?.[0] as number;
    expect(open).toBe(openThen);
    expect(await candleStore.load(key, open, open + MINUTE)).toEqual([]);
  });

  it('three replicas receiving one request read the exchange once; the weight is spent', async () => {
    const replicas = [replica(), replica(), replica()];
    const query: CandleRangeQuery = {
      ...feed,
      timeframe: '5m',
      since: now - 3000 * 5 * MINUTE,
      to: now - 1000 * 5 * MINUTE,
    };
    const spent = async () => {
      const reader = createRedis(redis.url, 'command');
      const keys = await reader.keys('budget:binance:w:*');
      const used = await Promise.all(keys.map((key) => reader.get(key)));
      reader.disconnect();
      return used.reduce((sum, value) => sum + Number(value), 0);
    };
    const [klinesBefore, weightBefore] = [klines(), await spent()];
    const answers = await Promise.all(replicas.map(({ service }) => service.range(query)));
    expect(klines() - klinesBefore).toBe(3); // 2000 candles: pages of 1000 asking one slot more
    expect(await spent()).toBeGreaterThan(weightBefore);
    for (const answer of answers) {
      expect(answer.candles).toHaveLength(2000);
      expect(answer.candles).toEqual(answers[0].candles);
    }
  });

  it('refuses a range over 5000 candles or not in ms, before any exchange call', async () => {
    const { service } = replica();
    const before = klines();
    await expect(service.range({ ...feed, since: 0, to: 5001 * MINUTE })).rejects.toThrow('5000');
    await expect(service.range({ ...feed, since: -1, to: MINUTE })).rejects.toThrow('ms');
    await expect(service.range({ ...feed, since: 0.5, to: MINUTE })).rejects.toThrow('ms');
    expect(await service.range({ ...feed, since: now, to: now })).toMatchObject({ candles: [] });
    expect(klines() - before).toBe(0);
  });
});
