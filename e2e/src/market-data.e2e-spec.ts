import { randomBytes } from 'node:crypto';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { type BalanceReply, MarketDataPatterns, type TickerReply } from '@platform/contracts';
import { KeyRing, sealCredentials } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { redisTransportOptions, request } from '@platform/service-kit';
import { SnapshotStore } from '@platform/market-snapshots';
import { runMigrations } from '@platform/persistence';
import {
  createTestDatabase,
  seedAccount,
  seedBot,
  seedUser,
  TestRedisServer,
  type TestDatabase,
  waitFor,
  withPgClient,
} from '@platform/testing';
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
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;
  let client: ClientProxy;

  const startReplica = async () => {
    const replica = await startService(
      'market-data',
      { databaseUrl: db.url, redisUrl: redis.url },
      {
        EXCHANGE_BASE_URLS: `binance=${sim.url}`,
        POLL_INTERVAL_MS: '300',
        FEED_REFRESH_MS: '300',
        // long enough that a replica stalled by a loaded machine keeps its feeds (a lost lease
        // moves a feed, and its candles are fetched again)
        FEED_LEASE_TTL_MS: '3000',
        // polling is what is counted here; streams have their own suite (a stream that goes
        // stale under load falls back to polling and fetches the candles again)
        MARKET_STREAMS: 'off',
        // candles once per lease holder: the klines count per symbol says how many replicas polled it
        CANDLE_REFRESH_MS: '600000',
        ENCRYPTION_KEYS: encryptionKeys,
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

  /** Runs one statement on the test database. */
  const sqlQuery = (text: string, params: unknown[] = []) =>
    withPgClient(db.url, async (sql) => (await sql.query(text, params)).rows);
  /** One running bot of `strategy` with `params` on the 1m feed of `symbol`; returns its id. */
  const runningBot = (symbol: string, strategy: string, params: Record<string, unknown>) =>
    withPgClient(db.url, async (sql) => {
      const user = await seedUser(sql);
      return (
        await seedBot(sql, { user, name: 'candles', symbol, strategy, params, state: 'running' })
      ).id;
    });
  const candleCount = async (symbol: string) =>
    (await store.readCandles('binance', symbol, '1m'))?.candles.length ?? 0;

  beforeAll(async () => {
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({ port: 0, seed: 3 }),
    ]);
    store = new SnapshotStore(redis.url);
    client = ClientProxyFactory.create(redisTransportOptions(redis.url));
    for (const symbol of symbols) await seedRunningBots(db.url, 3, null, symbol); // 9 bots, 3 feeds
  });

  afterAll(async () => {
    await client?.close();
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

  it('keeps the candles its bots need: 152 for an SMA of 150, 1001 for an RSI of 999 (two requests)', async () => {
    const bnb = await runningBot('BNB/USDT', 'sma-cross', {});
    await waitFor('100 BNB/USDT candles', async () => (await candleCount('BNB/USDT')) === 100, {
      timeoutMs: 20000,
    });
    // now it needs 151 closed candles: read at once, though candles refresh every 10 min here
    await sqlQuery(`UPDATE bots SET params = $2 WHERE id = $1`, [
      bnb,
      { fastPeriod: 10, slowPeriod: 150 },
    ]);
    await waitFor('152 BNB/USDT candles', async () => (await candleCount('BNB/USDT')) === 152, {
      timeoutMs: 20000,
    });

    await runningBot('ADA/USDT', 'rsi-reversion', { period: 999 });
    await waitFor('1001 ADA/USDT candles', async () => (await candleCount('ADA/USDT')) === 1001, {
      timeoutMs: 20000,
    });
    expect(klinesRequests('ADA/USDT')).toBe(2); // Binance sends at most 1000 per request
  });

  it('a second replica does not poll the same feeds again', async () => {
    const before = Date.now();
    await startReplica();
    await new Promise((r) => setTimeout(r, 3000)); // many poll and refresh intervals of both
    const tickers = await Promise.all(symbols.map((symbol) => store.readTicker('binance', symbol)));
    expect(tickers.every((t) => t !== null && t.fetchedAt > before + 2000)).toBe(true); // still polled
    expect(symbols.map(klinesRequests)).toEqual([1, 1, 1]);
  });

  it('answers ticker queries over the transport from the shared snapshot, and unpolled markets on demand', async () => {
    // fresh means polled within 3 intervals (900 ms here): a busy machine may miss one, so ask
    // again rather than fail on timing
    const btc = await waitFor(
      'a fresh BTC/USDT ticker',
      async () => {
        const reply = await request<TickerReply>(
          client,
          MarketDataPatterns.GetTicker,
          { exchangeId: 'binance', symbol: 'BTC/USDT' },
          3000,
        );
        return !reply.stale && reply;
      },
      { timeoutMs: 15000, intervalMs: 200 },
    );
    expect(btc).toMatchObject({ exchangeId: 'binance', symbol: 'BTC/USDT', stale: false });
    expect(Number(btc.last)).toBeGreaterThan(0);
    const xrp = await request<TickerReply>(
      client,
      MarketDataPatterns.GetTicker,
      { exchangeId: 'binance', symbol: 'XRP/USDT' },
      5000,
    );
    expect(Number(xrp.last)).toBeGreaterThan(0);
  });

  it('balances: 10 concurrent asks to two replicas make one exchange call, cached afterwards', async () => {
    const key = sim.createApiKey({ balances: { USDT: '1234.5', BTC: '0.25' } });
    const { id: accountId } = await withPgClient(db.url, async (sql) =>
      seedAccount(sql, await seedUser(sql), {
        sealedFor: (id) => sealCredentials(KeyRing.parse(encryptionKeys), id, key),
      }),
    );
    const ask = () =>
      request<BalanceReply>(
        client,
        MarketDataPatterns.GetBalance,
        { exchangeAccountId: accountId },
        10000,
      );
    const replies = await Promise.all(Array.from({ length: 10 }, ask));
    expect(
      replies.every(
        (r) => r.balances['USDT']?.free === '1234.5' && r.balances['BTC']?.free === '0.25',
      ),
    ).toBe(true);
    expect(sim.requests({ path: '/api/v3/account' })).toHaveLength(1);
    await ask();
    expect(sim.requests({ path: '/api/v3/account' })).toHaveLength(1); // within the 30 s cache
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
