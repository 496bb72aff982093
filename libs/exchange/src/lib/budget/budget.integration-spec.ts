import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { createRedis } from '@platform/redis';
import { TestRedisServer, workspaceRoot } from '@platform/testing';
import { CcxtExchangeClient } from '../ccxt/ccxt-exchange.client';
import { OrderRateLimitedError } from '../errors/exchange.errors';
import { BudgetedExchangeClient } from './budgeted-exchange.client';
import { WeightBudget } from './weight-budget';

const runHammer = (env: Record<string, string>) =>
  new Promise<{ calls: number }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['tools/scripts/run-ts.mjs', join(__dirname, 'fixtures', 'hammer.ts')],
      {
        cwd: workspaceRoot(),
        env: { ...process.env, ...env },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as { calls: number }) : reject(new Error(err)),
    );
  });

// Two real processes, 8 concurrent callers each, one budget in Redis: the exchange never sees
// more weight per window than the budget allows, and never answers 429 or 418.
describe('WeightBudget shared by two processes', () => {
  let sim: ExchangeSimulator;
  let redis: TestRedisServer;
  const windowMs = 2000;

  beforeAll(async () => {
    // the exchange's own limit: 100 weight per 2 s window; our budget: 40 (fetchTicker costs 2)
    [sim, redis] = await Promise.all([
      ExchangeSimulator.start({
        port: 0,
        seed: 5,
        clockSpeed: 0,
        weightLimit: 100,
        weightWindowMs: windowMs,
      }),
      TestRedisServer.start(),
    ]);
  });

  afterAll(async () => {
    await sim.stop();
    await redis.stop();
  });

  it('never exceeds the budget per window, and gets no 429/418', async () => {
    const env = {
      REDIS_URL: redis.url,
      SIM_URL: sim.url,
      BUDGET: '40',
      WINDOW_MS: String(windowMs),
      DURATION_MS: '5000',
    };
    const results = await Promise.all([runHammer(env), runHammer(env)]);
    const tickerRequests = sim.requests({ path: '/api/v3/ticker/24hr' });
    expect(results[0].calls + results[1].calls).toBe(tickerRequests.length);
    expect(tickerRequests.length).toBeGreaterThan(20); // both processes did work

    expect(tickerRequests.filter((r) => r.status === 429 || r.status === 418)).toEqual([]);
    // per budget window (Redis clock ~ this clock on one machine): at most 40 weight = 20 calls
    const perWindow = new Map<number, number>();
    for (const r of tickerRequests)
      perWindow.set(
        Math.floor(r.time / windowMs),
        (perWindow.get(Math.floor(r.time / windowMs)) ?? 0) + r.weight,
      );
    // a call is counted when taken and may arrive just after the window turns: at most the 16
    // calls in flight (2 weight each) spill into the next window, still far below the exchange's 100
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(40 + 16 * 2);
  }, 60000);
});

// Binance limits orders per account, not per IP: two clients trading with the same key (two
// workers) share one order budget, while another key's budget is untouched.
describe('order budget per API key', () => {
  let sim: ExchangeSimulator;
  let redis: TestRedisServer;

  beforeAll(async () => {
    [sim, redis] = await Promise.all([
      ExchangeSimulator.start({ port: 0, seed: 6, clockSpeed: 0 }),
      TestRedisServer.start(),
    ]);
    sim.setPrice('BTC/USDT', 60_000);
  });

  afterAll(async () => {
    await sim.stop();
    await redis.stop();
  });

  it('spaces the orders of one key across windows; another key is not held back', async () => {
    const windowMs = 3000;
    const weights = new WeightBudget(redis.url, { limits: {}, defaultLimit: 10_000 });
    const orders = new WeightBudget(redis.url, {
      limits: {},
      defaultLimit: 2,
      windowMs,
      keyPrefix: 'orders',
    });
    const clientFor = (scope: string, key: { apiKey: string; secret: string }) =>
      new BudgetedExchangeClient(
        new CcxtExchangeClient({ exchangeId: 'binance', credentials: key, baseUrl: sim.url }),
        weights,
        { budget: orders, scope },
      );
    const shared = sim.createApiKey({ balances: { USDT: '100000' } });
    const [a, b] = [clientFor('account-1', shared), clientFor('account-1', shared)];
    const other = clientFor('account-2', sim.createApiKey({ balances: { USDT: '100000' } }));
    await Promise.all([a.loadMarkets(), b.loadMarkets(), other.loadMarkets()]);
    const buy = (client: BudgetedExchangeClient, n: number) =>
      client.createOrder({
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'market',
        amount: '0.001',
        clientOrderId: `budget-${n}-${Math.random().toString(36).slice(2, 8)}`,
      });

    sim.clearRequests();
    await Promise.all([buy(a, 1), buy(b, 2), buy(a, 3), buy(b, 4), buy(other, 5)]);
    const placed = sim.requests({ path: '/api/v3/order' }).filter((r) => r.method === 'POST');
    expect(placed).toHaveLength(5);
    expect(placed.filter((r) => r.apiKey === shared.apiKey)).toHaveLength(4);
    // the budget's own windows in Redis: one key's four orders spread over at least two
    // windows of at most two each; the other key spent one, in its own counter
    const redisClient = createRedis(redis.url, 'command');
    const count = async (scope: string) => {
      const keys = await redisClient.keys(`orders:${scope}:w:*`);
      return Promise.all(keys.map(async (k) => Number(await redisClient.get(k))));
    };
    const sharedWindows = await count('account-1');
    expect(sharedWindows.reduce((a, n) => a + n, 0)).toBe(4);
    expect(Math.max(...sharedWindows)).toBeLessThanOrEqual(2);
    expect(await count('account-2')).toEqual([1]);
    redisClient.disconnect();
    await Promise.all([weights.close(), orders.close()]);
  }, 30_000);
});

// The exchange's own order counts (X-MBX-ORDER-COUNT-10S) and its -1015 steer the key's budget:
// orders another program sent with the same key count in our window too, and a -1015 holds
// back that key's orders (only its orders: other keys and other calls go on) until the
// exchange's window turns.
describe("order budget following the exchange's counts", () => {
  let sim: ExchangeSimulator;
  let redis: TestRedisServer;
  const EXCHANGE_LIMIT = 5;

  beforeAll(async () => {
    [sim, redis] = await Promise.all([
      ExchangeSimulator.start({
        port: 0,
        seed: 8,
        clockSpeed: 0,
        orderLimits: [{ interval: 'SECOND', intervalNum: 10, limit: EXCHANGE_LIMIT }],
      }),
      TestRedisServer.start(),
    ]);
    sim.setPrice('BTC/USDT', 60_000);
  });

  afterAll(async () => {
    await sim.stop();
    await redis.stop();
  });

  it('counts what the exchange counted, and a -1015 pauses that key only', async () => {
    const weights = new WeightBudget(redis.url, { limits: {}, defaultLimit: 10_000 });
    // ours allows far more than the exchange (a setting too generous, or another program)
    const orders = new WeightBudget(redis.url, {
      limits: {},
      defaultLimit: 100,
      windowMs: 10_000,
      keyPrefix: 'orders',
    });
    const redisClient = createRedis(redis.url, 'command');
    const ccxtFor = (key: { apiKey: string; secret: string }) =>
      new CcxtExchangeClient({ exchangeId: 'binance', credentials: key, baseUrl: sim.url });
    const shared = sim.createApiKey({ balances: { USDT: '100000' } });
    const otherKey = sim.createApiKey({ balances: { USDT: '100000' } });
    const ours = new BudgetedExchangeClient(ccxtFor(shared), weights, {
      budget: orders,
      scope: 'account-1',
    });
    const other = new BudgetedExchangeClient(ccxtFor(otherKey), weights, {
      budget: orders,
      scope: 'account-2',
    });
    const program = ccxtFor(shared); // another program on the same key, outside our budget
    await Promise.all([ours.loadMarkets(), other.loadMarkets(), program.loadMarkets()]);
    // unfilled orders count (Binance counts the unfilled ones): limits far below the price
    let n = 0;
    const restingBuy = (client: { createOrder: CcxtExchangeClient['createOrder'] }) =>
      client.createOrder({
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'limit',
        amount: '0.001',
        price: '30000',
        clientOrderId: `count-${++n}-${Math.random().toString(36).slice(2, 8)}`,
      });
    // wait for a fresh exchange window so that all of this happens inside one
    await new Promise((resolve) => setTimeout(resolve, 10_000 - (Date.now() % 10_000) + 50));
    for (let i = 0; i < EXCHANGE_LIMIT - 1; i++) await restingBuy(program);

    await restingBuy(ours);
    const windowCount = async (scope: string) => {
      const keys = await redisClient.keys(`orders:${scope}:w:*`);
      return Math.max(
        0,
        ...(await Promise.all(keys.map(async (k) => Number(await redisClient.get(k))))),
      );
    };
    // our one order, counted as the exchange counted it: the program's four and ours
    expect(await windowCount('account-1')).toBe(EXCHANGE_LIMIT);

    // the window is full at the exchange: -1015, and the key's orders are paused
    const refused = await restingBuy(ours).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OrderRateLimitedError);
    const pausedUntil = Number(await redisClient.get('orders:account-1:paused-until'));
    expect(pausedUntil).toBeGreaterThan(Date.now());
    // the IP's weight is not paused, and the other key trades on
    expect(await redisClient.exists('budget:binance:paused-until')).toBe(0);
    await ours.fetchTicker('BTC/USDT');
    await restingBuy(other);

    // the key's next order leaves only after the pause: the exchange sees none before
    const before = sim.requests({ path: '/api/v3/order' }).length;
    await restingBuy(ours);
    const posts = sim
      .requests({ path: '/api/v3/order' })
      .slice(before)
      .filter((r) => r.method === 'POST' && r.apiKey === shared.apiKey);
    expect(posts).toHaveLength(1);
    expect(posts[0].time).toBeGreaterThanOrEqual(pausedUntil);
    expect(posts[0].status).toBe(200);
    redisClient.disconnect();
    await Promise.all([weights.close(), orders.close()]);
  }, 60_000);
});
