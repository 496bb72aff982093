import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { MarketDataPatterns, type MarketDataPingReply } from '@platform/contracts';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { SnapshotStore } from '@platform/market-snapshots';
import { runMigrations } from '@platform/persistence';
import { redisTransportOptions, request } from '@platform/service-kit';
import {
  createTestDatabase,
  httpGet,
  TestRedisServer,
  type TestDatabase,
  waitFor,
} from '@platform/testing';
import { seedRunningBots } from './support/bots';
import { type RunningService, startService } from './support/cluster';
import { parseMetrics, valueOf } from './support/metrics';

interface Stats {
  streams: {
    enabled: boolean;
    connected: string[];
    reconnects: number;
    fallbacks: number;
    recoveries: number;
  };
  feeds: { feed: string; source: 'stream' | 'poll' }[];
}

// market-data as a real process streaming from the simulator's WebSocket side (real ccxt pro,
// real Redis): a price change reaches the snapshot over the stream; with the stream down the
// feeds are polled and keep updating; the stream back is used again; of two replicas only the
// feed lease holder streams.
describe('market-data streams', () => {
  const symbols = ['BTC/USDT', 'ETH/USDT'];
  const feeds = symbols.map((s) => `binance:${s}:1m`);
  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  let store: SnapshotStore;
  let transport: ClientProxy;
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
        MARKET_STREAM_STALE_MS: '2000',
      },
    );
    replicas.push(replica);
    return replica;
  };
  const stats = async (replica: RunningService) =>
    (await httpGet(replica.url('/stats'))).body as Stats;
  /** What Prometheus sees of the feeds' sources and switches (issue 16: the switch in metrics). */
  const feedMetrics = async (replica: RunningService) => {
    const answer = await fetch(replica.url('/metrics'), { signal: AbortSignal.timeout(10_000) });
    const samples = parseMetrics(await answer.text());
    const switches = (kind: string) =>
      valueOf(samples, 'platform_market_data_stream_switches_total', { kind });
    return {
      stream: valueOf(samples, 'platform_market_data_feeds', { source: 'stream' }),
      poll: valueOf(samples, 'platform_market_data_feeds', { source: 'poll' }),
      fallbacks: switches('fallback'),
      recoveries: switches('recovery'),
      reconnects: switches('reconnect'),
    };
  };
  const sources = async (replica: RunningService) =>
    Object.fromEntries((await stats(replica)).feeds.map((f) => [f.feed, f.source]));
  const allOn = (source: 'stream' | 'poll') => async (replica: RunningService) => {
    const now = await sources(replica);
    return feeds.every((feed) => now[feed] === source);
  };
  const tickerRequests = () => sim.requests({ path: '/api/v3/ticker/24hr' }).length;
  /** Waits until no ticker request arrived for a second: a poll sent just before the feeds went
   * back on the stream may still be on its way, and must not count as one sent while streaming. */
  const tickerRequestsSettled = async () => {
    let seen = -1;
    await waitFor(
      'no ticker request in flight',
      () => {
        const now = tickerRequests();
        const settled = now === seen;
        seen = now;
        return settled;
      },
      { timeoutMs: 15_000, intervalMs: 1000 },
    );
  };
  /** Sets a price and waits for the snapshot to show it; returns the ticker requests meanwhile. */
  const priceReachesSnapshot = async (symbol: string, price: number) => {
    const before = tickerRequests();
    sim.setPrice(symbol, price);
    const wanted = Number(sim.price(symbol));
    await waitFor(
      `${symbol} at ${wanted} in the snapshot`,
      async () => Number((await store.readTicker('binance', symbol))?.ticker.last) === wanted,
      { timeoutMs: 15_000, intervalMs: 10 },
    );
    return tickerRequests() - before;
  };

  beforeAll(async () => {
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({ port: 0, seed: 4, clockSpeed: 0 }),
    ]);
    store = new SnapshotStore(redis.url);
    transport = ClientProxyFactory.create(redisTransportOptions(redis.url));
    for (const symbol of symbols) await seedRunningBots(db.url, 2, null, symbol);
  });

  afterAll(async () => {
    await transport?.close();
    await Promise.all(replicas.map((r) => r.process.kill()));
    await store?.close();
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  });

  it('streams the feeds: a price change reaches the snapshot over the stream, no ticker request', async () => {
    const replica = await startReplica();
    await waitFor('every feed on the stream', () => allOn('stream')(replica), {
      timeoutMs: 30_000,
    });
    await tickerRequestsSettled();
    expect(await priceReachesSnapshot('BTC/USDT', 61_000)).toBe(0);
    expect(sim.streamState().connections).toBeGreaterThan(0);
    const [ping] = [
      await request<MarketDataPingReply>(transport, MarketDataPatterns.Ping, {}, 5000),
    ];
    expect(ping.feedSources).toEqual(feeds.map((feed) => ({ feed, source: 'stream' })));
    const health = (await httpGet(replica.url('/health/ready'))).body as {
      details: { feeds: Record<string, unknown> };
    };
    expect(health.details.feeds).toMatchObject({ streams: 'on', streamed: 2, polled: 0 });
    expect(await feedMetrics(replica)).toMatchObject({ stream: 2, poll: 0, fallbacks: 0 });
  });

  it('the stream down: the feeds are polled and the snapshot keeps updating', async () => {
    const [replica] = replicas;
    sim.setStreams({ enabled: false });
    await waitFor('every feed polled', () => allOn('poll')(replica), { timeoutMs: 30_000 });
    expect(await priceReachesSnapshot('ETH/USDT', 3333)).toBeGreaterThan(0);
    expect((await stats(replica)).streams.fallbacks).toBeGreaterThanOrEqual(2);
    const metrics = await feedMetrics(replica);
    expect(metrics).toMatchObject({ stream: 0, poll: 2 });
    expect(metrics.fallbacks).toBeGreaterThanOrEqual(2);
  });

  it('the stream back: used again, reconnect and recoveries counted', async () => {
    const [replica] = replicas;
    sim.setStreams({ enabled: true });
    await waitFor('every feed on the stream again', () => allOn('stream')(replica), {
      timeoutMs: 30_000,
    });
    await tickerRequestsSettled();
    expect(await priceReachesSnapshot('ETH/USDT', 3111)).toBe(0);
    const { streams } = await stats(replica);
    expect(streams.reconnects).toBeGreaterThanOrEqual(1);
    expect(streams.recoveries).toBeGreaterThanOrEqual(2);
    expect(streams.connected).toEqual(['binance']);
    const metrics = await feedMetrics(replica);
    expect(metrics).toMatchObject({ stream: 2, poll: 0 });
    expect(metrics.recoveries).toBeGreaterThanOrEqual(2);
    expect(metrics.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('two replicas: only the feed lease holder streams; after a kill -9 the other does', async () => {
    const [holder] = replicas;
    const connections = sim.streamState().connections;
    const other = await startReplica();
    await waitFor(
      'the second replica up',
      async () => (await stats(other).catch(() => null)) !== null,
      {
        timeoutMs: 30_000,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 2000)); // many feed refreshes of both
    expect((await stats(other)).feeds).toEqual([]);
    expect((await stats(other)).streams.connected).toEqual([]);
    expect(sim.streamState().connections).toBe(connections);

    await holder.process.stop('SIGKILL');
    await waitFor('the survivor streams every feed', () => allOn('stream')(other), {
      timeoutMs: 30_000,
    });
    expect(await priceReachesSnapshot('BTC/USDT', 59_000)).toBe(0);
  });
});
