import { randomBytes } from 'node:crypto';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  signInAsAdmin,
  SseClient,
  type TestDatabase,
  TestRedisServer,
  waitFor,
  waitForStatus,
  withPgClient,
} from '@platform/testing';
import { type RunningService, startService } from './support/cluster';

// Live updates across the cluster: a paper DCA bot started through gateway A runs on a real
// bot-worker (prices from a real market-data polling the exchange simulator); what the worker
// publishes (bot.status, order, trade) reaches a stream held open on gateway B, and only its
// owner's stream.
// how long a stream may wait for an event that a bot's ticks produce
const EVENT_WAIT_MS = 30_000;

describe('gateway: live events from bot-workers reach streams on any gateway', () => {
  const password = 'correct horse battery staple';
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;
  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  const services: RunningService[] = [];
  let a: ApiClient;
  let b: ApiClient;
  let gatewayB: RunningService;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({
        port: 0,
        seed: 23,
        clockSpeed: 0,
      }),
    ]);
    sim.setPrice('BTC/USDT', 30_000);
    const deps = { databaseUrl: db.url, redisUrl: redis.url };
    const exchangeEnv = {
      EXCHANGE_BASE_URLS: `binance=${sim.url}`,
      ENCRYPTION_KEYS: encryptionKeys,
    };
    services.push(
      ...(await Promise.all([
        startService('api-gateway', deps, { LOG_LEVEL: 'verbose' }),
        startService('api-gateway', deps, { LOG_LEVEL: 'verbose' }),
        startService('market-data', deps, {
          ...exchangeEnv,
          POLL_INTERVAL_MS: '500',
          FEED_REFRESH_MS: '500',
          CANDLE_REFRESH_MS: '60000',
        }),
        startService('bot-worker', deps, {
          ...exchangeEnv,
          LEASE_TTL_MS: '2000',
          RECONCILE_INTERVAL_MS: '300',
          BOT_TICK_INTERVAL_MS: '250',
          MARKET_STALE_AFTER_MS: '10000',
        }),
      ])),
    );
    await Promise.all(services.map((s) => waitForStatus(s.url('/health/live'), 200)));
    await waitForStatus(services[0].url('/health/ready'), 200, 30_000);
    a = new ApiClient(services[0].baseUrl);
    gatewayB = services[1];
    b = new ApiClient(gatewayB.baseUrl, a.answers);
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(services.map((s) => s.process.kill()));
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  });

  it('bot.status, order and trade events of a bot started on A reach the owner’s stream on B, and nobody else’s', async () => {
    const owner = await a.signIn('owner@example.com', password);
    const stranger = await b.signIn('stranger@example.com', password);
    const ticket = await b.call('POST', '/live/ticket', { token: owner });
    expect(ticket.status).toBe(201);
    const ownerStream = await SseClient.connect(gatewayB.url(`/live?ticket=${ticket.body.ticket}`));
    const strangerStream = await SseClient.connect(gatewayB.url('/live'), {
      authorization: `Bearer ${stranger}`,
    });
    const strangerOnA = await SseClient.connect(services[0].url('/live'), {
      authorization: `Bearer ${stranger}`,
    });
    streams.push(ownerStream, strangerStream, strangerOnA);
    expect([ownerStream.status, strangerStream.status, strangerOnA.status]).toEqual([
      200, 200, 200,
    ]);
    for (const stream of [ownerStream, strangerStream, strangerOnA])
      await stream.waitForEvent((e) => e.event === 'ready', 'ready', 10_000);

    const created = await a.call('POST', '/bots', {
      token: owner,
      body: {
        name: 'dca',
        exchangeId: 'binance',
        symbol: 'BTC/USDT',
        timeframe: '1m',
        strategy: 'dca',
        params: { quotePerBuy: 20, intervalSeconds: 2, takeProfitPct: 500 },
      },
    });
    expect(created.status).toBe(201);
    const botId = created.body.id;
    expect((await a.call('POST', `/bots/${botId}/start`, { token: owner })).status).toBe(200);

    await ownerStream.waitForEvent(
      (e) => e.event === 'bot.status' && e.data.botId === botId && e.data.status === 'starting',
      'starting (published by gateway A)',
      EVENT_WAIT_MS,
    );
    const running = await ownerStream.waitForEvent(
      (e) => e.event === 'bot.status' && e.data.botId === botId && e.data.status === 'running',
      'running (published by the worker)',
      EVENT_WAIT_MS,
    );
    expect(running.data.workerId).toEqual(expect.any(String));
    const order = await ownerStream.waitForEvent(
      (e) => e.event === 'order' && e.data.botId === botId && e.data.status === 'filled',
      'a filled order',
      60_000,
    );
    expect(order.data).toMatchObject({ side: 'buy', orderType: 'market' });
    await ownerStream.waitForEvent(
      (e) => e.event === 'trade' && e.data.botId === botId,
      'a trade',
      EVENT_WAIT_MS,
    );
    await ownerStream.waitForEvent(
      (e) => e.event === 'ticker' && e.data.symbol === 'BTC/USDT',
      'a ticker for the bot’s market',
      EVENT_WAIT_MS,
    );

    // the API agrees: running on the worker, a position, paper balances, orders and trades
    const status = await b.call('GET', `/bots/${botId}/status`, { token: owner });
    expect(status.body).toMatchObject({
      desiredState: 'running',
      actualState: 'running',
      worker: { id: running.data.workerId, host: expect.any(String) },
      paperBalances: { USDT: expect.any(Object) },
    });
    expect(Number(status.body.position.base)).toBeGreaterThan(0);
    expect(status.body.unrealizedProfit).toEqual(expect.any(String));
    const orders = await b.call('GET', `/bots/${botId}/orders?limit=1`, { token: owner });
    expect(orders.body.items[0]).toMatchObject({ status: 'filled', side: 'buy' });
    expect(
      (await b.call('GET', `/bots/${botId}/trades`, { token: owner })).body.items.length,
    ).toBeGreaterThan(0);

    // the cluster view sees the worker with the bot and market-data with the bot's feed (the
    // worker's registry entry follows its bots at its next heartbeat: up to 400 ms after)
    const admin = await withPgClient(db.url, (sql) => signInAsAdmin(a, sql, 'admin@example.com'));
    const clusterView = () => a.call('GET', '/cluster', { token: admin });
    let cluster = await clusterView();
    await waitFor('the worker listed with the bot', async () => {
      cluster = await clusterView();
      return cluster.body.workers?.[0]?.botCount === 1;
    });
    expect(cluster.body.workers).toEqual([
      expect.objectContaining({ id: running.data.workerId, host: expect.any(String), botCount: 1 }),
    ]);
    expect(cluster.body.marketData).toEqual([
      expect.objectContaining({ feeds: expect.arrayContaining(['binance:BTC/USDT:1m']) }),
    ]);

    // stopping through B: the owner hears stopping (from B) and stopped (from the worker)
    expect((await b.call('POST', `/bots/${botId}/stop`, { token: owner })).status).toBe(200);
    await ownerStream.waitForEvent(
      (e) => e.event === 'bot.status' && e.data.status === 'stopped' && e.data.botId === botId,
      'stopped (published by the worker)',
      EVENT_WAIT_MS,
    );
    await waitFor(
      'the status to say stopped',
      async () =>
        (await a.call('GET', `/bots/${botId}/status`, { token: owner })).body.actualState ===
        'stopped',
      { timeoutMs: 15_000, intervalMs: 250 },
    );

    // the stranger, on either gateway, heard nothing of it
    expect(strangerStream.events.map((e) => e.event)).toEqual(['ready']);
    expect(strangerOnA.events.map((e) => e.event)).toEqual(['ready']);
    expect(
      ownerStream.events.every(
        (e) => e.event === 'ready' || e.event === 'ticker' || e.data.botId === botId,
      ),
    ).toBe(true);
  }, 180_000); // the waits above, each with its own budget, add up to more than the default

  it('neither gateway logged an internal error or a token', async () => {
    for (const service of services.slice(0, 2)) {
      expect(service.process.running).toBe(true);
      expect(service.process.output).not.toMatch(/ERROR.*internal error/);
    }
    const tokens = a.answers
      .map((answer) => answer.body?.token ?? answer.body?.ticket)
      .filter((value): value is string => typeof value === 'string');
    expect(tokens.length).toBeGreaterThan(2);
    for (const service of services)
      for (const token of tokens) expect(service.process.output.includes(token)).toBe(false);
  });
});
