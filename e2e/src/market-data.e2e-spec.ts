import { ExchangeSimulator } from '@platform/exchange-sim';
import { SnapshotStore } from '@platform/market-snapshots';
import { runMigrations } from '@platform/persistence';
import { createTestDatabase, TestRedisServer, type TestDatabase, waitFor } from '@platform/testing';
import { seedRunningBots } from './support/bots';
import { type RunningService, startService } from './support/cluster';

// market-data replicas as real processes, the exchange as the local simulator: each feed is
// polled by one replica cluster-wide, and a killed replica's feeds move to the other.
describe('market-data feeds', () => {
  const symbols = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  let store: SnapshotStore;
  const replicas: RunningService[] = [];

  const startReplica = async () => {
    const replica = await startService(
      'market-data',
      { databaseUrl: db.url, redisUrl: redis.url },
      {
        EXCHANGE_BASE_URLS: `binance=${sim.url}`,
        POLL_INTERVAL_MS: '300',
        FEED_REFRESH_MS: '300',
        FEED_LEASE_TTL_MS: '1500',
        // candles once per lease holder: the klines count per symbol says how many replicas polled it
        CANDLE_REFRESH_MS: '600000',
      },
    );
    replicas.push(replica);
    return replica;
  };
  /** Requests for the candles of a symbol, as counted by the exchange. */
  const klinesRequests = (symbol: string) =>
    sim
      .requests({ path: '/api/v3/klines' })
      .filter((r) => r.query.includes(`symbol=${symbol.replace('/', '')}`)).length;
  /** Tickers and candles of every symbol written after `since`. */
  const allFreshSince = async (since: number) => {
    const snapshots = await Promise.all(
      symbols.flatMap((s) => [
        store.readTicker('binance', s),
        store.readCandles('binance', s, '1m'),
      ]),
    );
    return snapshots.every((snapshot) => snapshot !== null && snapshot.fetchedAt > since);
  };

  beforeAll(async () => {
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({ port: 0, seed: 3 }),
    ]);
    store = new SnapshotStore(redis.url);
    for (const symbol of symbols) await seedRunningBots(db.url, 3, null, symbol); // 9 bots, 3 feeds
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.process.kill()));
    await store?.close();
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  });

  it('a replica polls every feed the running bots need into Redis', async () => {
    const started = Date.now();
    await startReplica();
    await waitFor('fresh tickers for all three symbols', () => allFreshSince(started), {
      timeoutMs: 20000,
    });
    const candles = await store.readCandles('binance', 'ETH/USDT', '1m');
    expect(candles?.candles.length).toBeGreaterThan(0);
  });

  it('a second replica does not poll the same feeds again', async () => {
    const before = Date.now();
    await startReplica();
    await new Promise((r) => setTimeout(r, 3000)); // many poll and refresh intervals of both
    const tickers = await Promise.all(symbols.map((symbol) => store.readTicker('binance', symbol)));
    expect(tickers.every((t) => t !== null && t.fetchedAt > before + 2000)).toBe(true); // still polled
    expect(symbols.map(klinesRequests)).toEqual([1, 1, 1]);
  });

  it('kill -9 the polling replica: its feeds move to the other, which polls them once', async () => {
    await replicas[0].process.stop('SIGKILL');
    const killedAt = Date.now();
    await waitFor('fresh tickers again after the kill', () => allFreshSince(killedAt + 100), {
      timeoutMs: 20000,
    });
    expect(symbols.map(klinesRequests)).toEqual([2, 2, 2]); // once per holder, never twice at a time
  });
});
