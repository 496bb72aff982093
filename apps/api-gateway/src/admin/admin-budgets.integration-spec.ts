import type { AdminBudgetsView } from '@platform/api-schemas';
import {
  KeyRing,
  ORDER_BUDGET,
  orderBudgetScope,
  sealCredentials,
  WEIGHT_BUDGET,
  WeightBudget,
} from '@platform/exchange';
import {
  type ApiClient,
  newEncryptionKeys,
  randomBinanceKeys,
  seedAccount,
  seedBot,
  seedUser,
  signInAsAdmin,
} from '@platform/testing';
import type Redis from 'ioredis';
import type { Client } from 'pg';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

// GET /admin/budgets reads what the spenders keep in a real Redis: budgets spent here through
// libs/exchange's own WeightBudget, configured as market-data (weight) and the bot-workers
// (orders per API key) configure theirs.
describe('admin: exchange request budgets', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let redis: Redis;
  let admin: string;
  let weights: WeightBudget;
  let orders: WeightBudget;

  /**
   * The read-out after `spend`, both within one window of `windowMs` on Redis's clock (a window
   * that turned between them empties the count, so that try is made again).
   */
  const readAfter = async (windowMs: number, spend: () => Promise<void>) => {
    const window = async () => {
      const [seconds, micros] = await redis.time();
      return Math.floor((Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)) / windowMs);
    };
    for (;;) {
      const before = await window();
      await spend();
      const answer = await api.get('/admin/budgets', { token: admin });
      expect(answer.status).toBe(200);
      if ((await window()) === before) return answer.body as AdminBudgetsView;
    }
  };

  beforeAll(async () => {
    bed = await startGatewayTestBed({ EXCHANGE_WEIGHT_BUDGETS: 'binance=2400' });
    api = bed.api;
    sql = await bed.connectSql();
    redis = bed.connectRedis();
    admin = await signInAsAdmin(api, sql, 'budget-admin@example.com');
    const redisUrl = bed.redis.url;
    weights = new WeightBudget(redisUrl, { limits: { binance: 2400 }, defaultLimit: 600 });
    orders = new WeightBudget(redisUrl, {
      limits: {},
      defaultLimit: 50,
      windowMs: ORDER_BUDGET.windowMs,
      keyPrefix: ORDER_BUDGET.keyPrefix,
    });
  });

  afterAll(async () => {
    await Promise.all([weights?.close(), orders?.close()]);
    await bed?.close();
  });

  it('401 without a session, 403 for a user', async () => {
    expect((await api.get('/admin/budgets')).status).toBe(401);
    const user = await api.signIn('budget-user@example.com');
    const answer = await api.get('/admin/budgets', { token: user });
    expect({ status: answer.status, code: answer.body.code }).toEqual({
      status: 403,
      code: 'forbidden',
    });
  });

  it('each exchange: weight spent this minute against the budget, then a pause after a 429', async () => {
    const spent = await readAfter(WEIGHT_BUDGET.windowMs, async () => {
      await redis.del(...(await redis.keys('budget:binance:w:*')), 'unused');
      await weights.take('binance', 20);
      await weights.take('binance', 5);
    });
    expect(spent.exchanges).toEqual([
      {
        exchangeId: 'binance',
        weightUsed: 25,
        weightLimit: 2400,
        exchangeWeightLimit: 6000,
        windowEndsInSeconds: expect.any(Number),
        pause: null,
      },
    ]);
    expect(spent.exchanges[0].windowEndsInSeconds).toBeGreaterThan(0);
    expect(spent.exchanges[0].windowEndsInSeconds).toBeLessThanOrEqual(60);

    await weights.pause('binance', 30_000); // what BudgetedExchangeClient does on a 429
    const paused = (await api.get('/admin/budgets', { token: admin })).body as AdminBudgetsView;
    const secondsLeft = paused.exchanges[0].pause?.secondsLeft ?? 0;
    expect(secondsLeft).toBeGreaterThan(0);
    expect(secondsLeft).toBeLessThanOrEqual(30);
  });

  it('each API key live bots use: its orders this window, shown by account and masked key only', async () => {
    const user = await seedUser(sql, { email: 'live-trader@example.com' });
    const keys = randomBinanceKeys();
    const ring = KeyRing.parse(newEncryptionKeys());
    const used = await seedAccount(sql, user, {
      label: 'main',
      verified: true,
      sealedFor: (id) => {
        const { keyId, ciphertext, apiKeyMasked } = sealCredentials(ring, id, keys);
        return { keyId, ciphertext, apiKeyMasked };
      },
    });
    const idle = await seedAccount(sql, user, { label: 'spare', verified: true });
    const unused = await seedAccount(sql, user, { label: 'no live bot' });
    await seedBot(sql, { account: used, state: 'running' });
    await seedBot(sql, { account: used, state: 'stopped' });
    await seedBot(sql, { account: idle, state: 'stopped' });
    await seedBot(sql, { user, state: 'running' }); // paper: no key, no order budget
    const deleted = await seedBot(sql, { account: unused, state: 'stopped' });
    await sql.query(`UPDATE bots SET deleted_at = now() WHERE id = $1`, [deleted.id]);

    const body = await readAfter(ORDER_BUDGET.windowMs, async () => {
      await redis.del(...(await redis.keys('order-budget:*')), 'unused');
      for (let i = 0; i < 3; i++) await orders.take(orderBudgetScope('binance', used.id), 1);
    });
    expect(body.orderBudgets).toEqual([
      {
        accountId: used.id,
        exchangeId: 'binance',
        apiKeyMasked: `${keys.apiKey.slice(0, 4)}...${keys.apiKey.slice(-4)}`,
        liveBots: 2,
        runningBots: 1,
        ordersUsed: 3,
        exchangeOrderLimit: 100,
      },
      {
        accountId: idle.id,
        exchangeId: 'binance',
        apiKeyMasked: 'abcd...wxyz',
        liveBots: 1,
        runningBots: 0,
        ordersUsed: 0,
        exchangeOrderLimit: 100,
      },
    ]);
    expect(body.orderWindow.seconds).toBe(10);
    expect(body.truncated).toBe(false);
    // nothing of the key travels but its mask
    const text = JSON.stringify(body);
    expect(text).not.toContain(keys.apiKey);
    expect(text).not.toContain(keys.secret);
  });

  it('is in the document', async () => {
    const { body } = await api.get('/docs/openapi.json');
    const operation = body.paths['/admin/budgets'].get;
    expect(operation.description).toMatch(/^Admins only/);
    const schema = operation.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual([
      'exchanges',
      'orderBudgets',
      'orderWindow',
      'truncated',
    ]);
  });
});
