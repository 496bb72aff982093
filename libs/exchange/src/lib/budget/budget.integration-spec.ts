import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { createRedis } from '@platform/redis';
import { TestRedisServer, workspaceRoot } from '@platform/testing';
import { CcxtExchangeClient } from '../ccxt/ccxt-exchange.client';
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
