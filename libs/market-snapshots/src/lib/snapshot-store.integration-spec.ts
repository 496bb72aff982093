import { createRedis, subscribeWhenReady } from '@platform/redis';
import { btcUsdtMarket, TestRedisServer, waitFor } from '@platform/testing';
import { isStale, MARKET_SNAPSHOT_CHANNEL, type SnapshotUpdated } from './snapshot';
import { SnapshotStore } from './snapshot-store';

describe('SnapshotStore against real Redis', () => {
  let redis: TestRedisServer;
  let store: SnapshotStore;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    store = new SnapshotStore(redis.url);
  });

  afterAll(async () => {
    await store.close();
    await redis.stop();
  });

  it('writes, announces and reads a ticker; it expires with its TTL', async () => {
    const subscriber = createRedis(redis.url, 'subscriber');
    const seen: SnapshotUpdated[] = [];
    await subscribeWhenReady(subscriber, { channels: [MARKET_SNAPSHOT_CHANNEL] });
    subscriber.on('message', (_channel: string, message: string) =>
      seen.push(JSON.parse(message) as SnapshotUpdated),
    );

    const ticker = {
      symbol: 'BTC/USDT',
      last: '60000.5',
      bid: '60000',
      ask: '60001',
      timestamp: 1,
    };
    await store.writeTicker(
      { exchangeId: 'binance', symbol: 'BTC/USDT', ticker, fetchedAt: Date.now() },
      300,
    );
    expect((await store.readTicker('binance', 'BTC/USDT'))?.ticker).toEqual(ticker);
    await waitFor('the update announced', () => seen.length === 1);
    expect(seen[0]).toMatchObject({ kind: 'ticker', exchangeId: 'binance', symbol: 'BTC/USDT' });

    await waitFor(
      'the snapshot to expire',
      async () => (await store.readTicker('binance', 'BTC/USDT')) === null,
      { timeoutMs: 2000 },
    );
    subscriber.disconnect();
  });

  it('keeps an exchange markets snapshot, without announcing it', async () => {
    const market = btcUsdtMarket;
    expect(await store.readMarkets('binance')).toBeNull();
    await store.writeMarkets(
      { exchangeId: 'binance', markets: { 'BTC/USDT': market }, fetchedAt: 7 },
      5000,
    );
    expect(await store.readMarkets('binance')).toEqual({
      exchangeId: 'binance',
      markets: { 'BTC/USDT': market },
      fetchedAt: 7,
    });
  });

  it('reads many tickers in one round trip, in the order asked, null where none', async () => {
    const ticker = (symbol: string, last: string) => ({
      exchangeId: 'binance',
      symbol,
      ticker: { symbol, last, bid: null, ask: null, timestamp: 1 },
      fetchedAt: 5,
    });
    await store.writeTicker(ticker('ETH/USDT', '3000'), 10_000);
    await store.writeTicker(ticker('SOL/USDT', '150'), 10_000);
    const counter = createRedis(redis.url, 'command');
    await counter.config('RESETSTAT');
    const read = await store.readTickers([
      { exchangeId: 'binance', symbol: 'SOL/USDT' },
      { exchangeId: 'binance', symbol: 'XRP/USDT' },
      { exchangeId: 'binance', symbol: 'ETH/USDT' },
    ]);
    expect(read).toEqual([ticker('SOL/USDT', '150'), null, ticker('ETH/USDT', '3000')]);
    const stats = await counter.info('commandstats');
    expect(stats).toMatch(/cmdstat_mget:calls=1,/);
    expect(stats).not.toMatch(/cmdstat_get:/);
    expect(await store.readTickers([])).toEqual([]);
    counter.disconnect();
  });

  it('writes many tickers in one MULTI, announcing each', async () => {
    const subscriber = createRedis(redis.url, 'subscriber');
    const seen: SnapshotUpdated[] = [];
    await subscribeWhenReady(subscriber, { channels: [MARKET_SNAPSHOT_CHANNEL] });
    subscriber.on('message', (_channel: string, message: string) =>
      seen.push(JSON.parse(message) as SnapshotUpdated),
    );
    const snapshot = (symbol: string, last: string) => ({
      exchangeId: 'binance',
      symbol,
      ticker: { symbol, last, bid: null, ask: null, timestamp: 1 },
      fetchedAt: 9,
    });
    const counter = createRedis(redis.url, 'command');
    await counter.config('RESETSTAT');
    await store.writeTickers([snapshot('ADA/USDT', '0.5'), snapshot('XRP/USDT', '0.6')], 10_000);
    expect(await store.readTickers([{ exchangeId: 'binance', symbol: 'XRP/USDT' }])).toEqual([
      snapshot('XRP/USDT', '0.6'),
    ]);
    expect(await counter.info('commandstats')).toMatch(/cmdstat_exec:calls=1,/);
    await waitFor('both announced', () => seen.length === 2);
    expect(seen.map((e) => e.symbol)).toEqual(['ADA/USDT', 'XRP/USDT']);
    subscriber.disconnect();
    counter.disconnect();
  });

  it('tells a stale snapshot: older than three poll intervals', () => {
    expect(isStale({ fetchedAt: 1000 }, 1000, 3999)).toBe(false);
    expect(isStale({ fetchedAt: 1000 }, 1000, 4001)).toBe(true);
  });
});
