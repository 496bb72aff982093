import { CandleRangeQuery } from '@platform/contracts';
import { WeightBudget } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { SnapshotStore } from '@platform/market-snapshots';
import { createRedis } from '@platform/redis';
import { TestRedisServer } from '@platform/testing';
import { fetchCandleRange } from '../feeds/candle-history';
import { ExchangeClients } from '../feeds/exchange-clients';
import { CandleRangesService, type FetchedRange } from './candle-ranges.service';
import { ClusterFlight } from './cluster-flight';

const MINUTE = 60_000;
// the simulator computes each candle from its price path: a page of 1000 takes a while
jest.setTimeout(30_000);

// Candles by range against the local Binance simulator (1000 candles per klines request, its
// market clock frozen so no candle opens mid-test) and a real Redis: from the snapshot when it
// holds the range, else pages from the exchange through the weight budget, once for all
// replicas.
describe('candle ranges', () => {
  let sim: ExchangeSimulator;
  let redis: TestRedisServer;
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
      leaseTtlMs: 3000,
      streams: false,
      streamStaleMs: 3000,
    };
    const service = new CandleRangesService(store, clients, settings, flight);
    closers.push({ close: () => service.onApplicationShutdown() });
    return { service, store, clients };
  };

  beforeAll(async () => {
    [sim, redis] = await Promise.all([
      ExchangeSimulator.start({ port: 0, seed: 11, clockSpeed: 0 }),
      TestRedisServer.start(),
    ]);
    const latest = await replica().clients.get('binance').fetchCandles(feed.symbol, '1m', 1);
    now = latest[0][0]; // the open candle's time
  });

  afterAll(async () => {
    await Promise.all(closers.map((c) => c.close()));
    await Promise.all([sim?.stop(), redis?.stop()]);
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

  it('answers from the snapshot when it holds the range: no exchange call', async () => {
    const { service, store, clients } = replica();
    const candles = await clients.get('binance').fetchCandles(feed.symbol, '1m', 300);
    await store.writeCandles({ ...feed, candles, fetchedAt: Date.now() }, 60_000);
    const before = klines();
    const range = (since: number, to: number) => service.range({ ...feed, since, to });
    const inside = await range(now - 100 * MINUTE, now - 90 * MINUTE);
    expect(inside.candles.map(([open]) => open)).toEqual(
      Array.from({ length: 10 }, (_, i) => now - (100 - i) * MINUTE),
    );
    // up to the present: the snapshot is current, so it holds the open candle
    const recent = await range(now - 5 * MINUTE, now + MINUTE);
    expect(recent.candles).toHaveLength(6);
    expect(recent.candles).toEqual(candles.slice(-6));
    expect(klines() - before).toBe(0);
    // older than the snapshot: read from the exchange
    const older = await range(now - 400 * MINUTE, now - 390 * MINUTE);
    expect(older.candles).toHaveLength(10);
    expect(klines() - before).toBe(1);
    expect(older).toMatchObject({ ...feed, stale: false, ageMs: expect.any(Number) });
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
    expect(klines() - klinesBefore).toBe(2);
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
