import { ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  freePort,
  ServiceProcess,
  TestRedisServer,
  type TestDatabase,
  waitFor,
  waitForStatus,
} from '@platform/testing';
import { strategyNames } from '@platform/strategies';
import { seedDemo, type SeedResult } from './demo-seed';
import { GatewayClient } from './gateway-client';
import { promoteInDatabase } from './promote-in-database';

// npm start's demo against the built services (a gateway, market-data and a bot-worker) on the
// exchange simulator: the seeding makes one running paper bot per strategy through the API, a
// second start reuses them, and the bots that trade at once do trade.
describe('npm start: the demo seeding', () => {
  const login = { email: 'demo@example.com', password: 'a demo password kept in .data' };
  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  const services: ServiceProcess[] = [];
  let gatewayUrl: string;
  const said: string[] = [];

  const seed = () =>
    seedDemo({
      gateway: new GatewayClient(gatewayUrl),
      login,
      promote: promoteInDatabase(db.url),
      say: (line) => said.push(line),
    });

  const start = async (app: 'api-gateway' | 'market-data' | 'bot-worker', portVariable: string) => {
    const port = await freePort();
    services.push(
      ServiceProcess.start(app, {
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        HTTP_HOST: '127.0.0.1',
        [portVariable]: String(port),
        EXCHANGE_BASE_URLS: `binance=${sim.url}`,
      }),
    );
    return `http://127.0.0.1:${port}`;
  };

  beforeAll(async () => {
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({ port: 0, seed: 12 }),
    ]);
    gatewayUrl = await start('api-gateway', 'GATEWAY_HTTP_PORT');
    await start('market-data', 'MARKET_DATA_HTTP_PORT');
    await start('bot-worker', 'BOT_WORKER_HTTP_PORT');
    await waitForStatus(`${gatewayUrl}/health/ready`, 200).catch((error) => {
      throw new Error(`${error.message}\n${services.map((s) => s.output).join('\n')}`);
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.kill()));
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  });

  let first: SeedResult;
  let api: ApiClient;
  let token: string;

  it('first start: signs the demo up, an admin on the pro plan, and starts a bot per strategy', async () => {
    first = await seed();
    expect(first).toMatchObject({
      created: [...strategyNames],
      reused: [],
      started: [...strategyNames],
      failed: [],
    });
    expect(said).toEqual(['demo@example.com: made it an admin, put it on the pro plan']);

    api = new ApiClient(gatewayUrl);
    token = (await api.post('/auth/login', { body: login })).body.token;
    const me = await api.get('/auth/me', { token });
    expect(me.body).toMatchObject({ role: 'admin', subscription: { plan: 'pro' } });
    const bots = (await api.get('/bots', { token })).body.items;
    expect(bots).toHaveLength(strategyNames.length);
    for (const bot of bots)
      expect(bot).toMatchObject({ mode: 'paper', timeframe: '1m', desiredState: 'running' });
  }, 60_000);

  it('the bots that trade at once place orders: the grid its buys, dca its first buy', async () => {
    for (const strategy of ['grid', 'dca'])
      await waitFor(
        `an order of the demo ${strategy} bot`,
        async () => {
          const orders = await api.get(`/bots/${first.bots[strategy]}/orders`, { token });
          return orders.status === 200 && orders.body.items.length > 0;
        },
        { timeoutMs: 45_000, intervalMs: 500 },
      );
  }, 60_000);

  it('a second start reuses every bot and starts again the ones that were stopped', async () => {
    await api.post(`/bots/${first.bots['dca']}/stop`, { token });
    said.length = 0;
    const second = await seed();
    expect(second).toEqual({
      bots: first.bots,
      created: [],
      reused: [...strategyNames],
      started: ['dca'],
      failed: [],
    });
    expect(said).toEqual([]);
    expect((await api.get('/bots', { token })).body.items).toHaveLength(strategyNames.length);
  }, 60_000);

  it('a grid whose range the price has left is made again around the price', async () => {
    const moved = Number(sim.price('BTC/USDT')) * 1.05;
    sim.setPrice('BTC/USDT', moved);
    await waitFor(
      'the gateway to quote the moved price',
      async () => {
        const ticker = await api.get('/market/binance/ticker?symbol=BTC/USDT', { token });
        return Number(ticker.body.last) > moved * 0.99;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    const third = await seed();
    expect(third.created).toEqual(['grid']);
    expect(third.bots['grid']).not.toBe(first.bots['grid']);
    expect(said).toEqual([expect.stringMatching(/^demo grid: the price .* left its range/)]);
    const grid = (await api.get(`/bots/${third.bots['grid']}`, { token })).body;
    expect(grid.params.lowerPrice).toBeLessThan(moved);
    expect(grid.params.upperPrice).toBeGreaterThan(moved);
    expect((await api.get(`/bots/${first.bots['grid']}`, { token })).status).toBe(404);
  }, 60_000);
});
