import { randomBytes } from 'node:crypto';
import { Dec, KeyRing, sealCredentials } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { clientOrderIdFor, runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  seedAccount,
  seedBot,
  seedPosition,
  type TestDatabase,
  TestRedisServer,
  waitFor,
  waitForStatus,
} from '@platform/testing';
import { Client } from 'pg';
import { type RunningService, startService } from './support/cluster';
import { dec, simOrdersOf } from './support/trading';

// The users' manual actions with real processes: a gateway records the request, bot-workers
// carry it out on the exchange simulator. A stopped bot's open orders are cancelled by a
// worker that claims it only for that. "Sell everything and stop" goes through intent before
// order: asked twice it is one action, and a worker killed between intent and send, or
// between send and record, hands over to another that sells once, never twice: the
// simulator's order log is the judge.
describe('manual actions: cancel the open orders, sell everything and stop', () => {
  const SYMBOL = 'BTC/USDT';
  const GRID = { lowerPrice: 29_000, upperPrice: 31_000, levels: 5, basePerLevel: 0.001 };
  const HELD = '0.01';
  const WAIT = { timeoutMs: 90_000, intervalMs: 250 };
  const TEST_TIMEOUT_MS = 180_000;
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;

  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  let sql: Client;
  let api: ApiClient;
  let token: string;
  let userId: string;
  const services: RunningService[] = [];

  const deps = () => ({ databaseUrl: db.url, redisUrl: redis.url });
  const exchangeEnv = () => ({
    EXCHANGE_BASE_URLS: `binance=${sim.url}`,
    ENCRYPTION_KEYS: encryptionKeys,
  });
  const startWorker = async (crashAt: '' | 'after-intent' | 'after-send' = '') => {
    const worker = await startService('bot-worker', deps(), {
      ...exchangeEnv(),
      LEASE_TTL_MS: '2000',
      RECONCILE_INTERVAL_MS: '300',
      BOT_TICK_INTERVAL_MS: '250',
      LATE_ORDER_WINDOW_MS: '2000',
      MARKET_STALE_AFTER_MS: '10000',
      BOT_HEARTBEAT_HISTORY: 'false',
      BOT_CRASH_AT: crashAt,
    });
    services.push(worker);
    return worker;
  };
  const stopGracefully = async (worker: RunningService) => {
    const exit = await worker.process.stop('SIGTERM', 30_000);
    if (exit.code !== 0) throw new Error(`worker exited ${exit.code}\n${worker.process.output}`);
  };
  const withOutput = async <T>(worker: RunningService, wait: Promise<T>): Promise<T> =>
    wait.catch((error: Error) => {
      throw new Error(`${error.message}\n--- worker ---\n${worker.process.output.slice(-4000)}`);
    });

  /** A live bot of the signed-in user on a simulator key of its own, as the gateway stores it. */
  const liveBot = async (options: {
    balances: Record<string, string>;
    strategy: string;
    params: Record<string, unknown>;
    state: 'running' | 'stopped';
    cancelOrdersOnStop?: boolean;
  }) => {
    const credentials = sim.createApiKey({ balances: options.balances });
    const account = await seedAccount(sql, userId, {
      verified: true,
      sealedFor: (id) => sealCredentials(KeyRing.parse(encryptionKeys), id, credentials),
    });
    const bot = await seedBot(sql, {
      account,
      strategy: options.strategy,
      params: options.params,
      symbol: SYMBOL,
      state: options.state,
      cancelOrdersOnStop: options.cancelOrdersOnStop,
    });
    return { botId: bot.id, apiKey: credentials.apiKey };
  };
  /** A stopped live bot holding HELD BTC (bought earlier), its key holding exactly that. */
  const holdingBot = async () => {
    const bot = await liveBot({
      balances: { BTC: HELD, USDT: '100' },
      strategy: 'dca',
      params: { quotePerBuy: 20, intervalSeconds: 3600, takeProfitPct: 500 },
      state: 'stopped',
    });
    await seedPosition(sql, bot.botId, { baseAmount: HELD, averageEntry: '29000', tradesCount: 1 });
    return bot;
  };

  const query = async <T = Record<string, string>>(text: string, params: unknown[] = []) =>
    (await sql.query(text, params)).rows as T[];
  const ordersOf = (botId: string) =>
    query(
      `SELECT id, client_order_id, side, type, status, signal, error, amount::text, filled::text
         FROM orders WHERE bot_id = $1 ORDER BY created_at, id`,
      [botId],
    );
  const actionOf = async (botId: string) =>
    (await query(`SELECT id, kind, status, result FROM bot_actions WHERE bot_id = $1`, [botId]))[0];
  const ownerOf = async (botId: string) =>
    (
      await query<{ worker_id: string }>(
        `SELECT worker_id FROM bot_runtime WHERE bot_id = $1 AND released_at IS NULL`,
        [botId],
      )
    )[0]?.worker_id;
  const desiredState = async (botId: string) =>
    (await query(`SELECT desired_state FROM bots WHERE id = $1`, [botId]))[0].desired_state;
  const positionOf = async (botId: string) =>
    dec(
      (await query(`SELECT base_amount::text FROM bot_positions WHERE bot_id = $1`, [botId]))[0]
        .base_amount,
    );
  const sellsAt = (apiKey: string) => simOrdersOf(sim, apiKey).filter((o) => o.side === 'SELL');
  const orderPosts = (apiKey: string) =>
    sim.requests({ path: '/api/v3/order', method: 'POST', apiKey });

  beforeAll(async () => {
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({
        port: 0,
        seed: 29,
        clockSpeed: 0,
      }),
    ]);
    sim.setPrice(SYMBOL, 30_000);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const [gateway, marketData] = await Promise.all([
      startService('api-gateway', deps(), { ENCRYPTION_KEYS: encryptionKeys }),
      startService('market-data', deps(), {
        ...exchangeEnv(),
        POLL_INTERVAL_MS: '500',
        FEED_REFRESH_MS: '500',
        CANDLE_REFRESH_MS: '60000',
      }),
    ]);
    services.push(gateway, marketData);
    await waitForStatus(gateway.url('/health/live'), 200);
    api = new ApiClient(gateway.baseUrl);
    token = await api.signIn('trader@example.com', 'a long enough password');
    userId = (await api.get('/auth/me', { token })).body.id;
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.process.kill()));
    await sql?.end();
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  }, TEST_TIMEOUT_MS);

  it(
    'cancel-orders on a stopped bot: a worker claims it for that, cancels at the exchange, lets it go',
    async () => {
      const grid = await liveBot({
        balances: { USDT: '10000' },
        strategy: 'grid',
        params: GRID,
        state: 'running',
        cancelOrdersOnStop: false,
      });
      const worker = await startWorker();
      await withOutput(
        worker,
        waitFor(
          'two buys resting at the exchange',
          () => simOrdersOf(sim, grid.apiKey).filter((o) => o.status === 'NEW').length === 2,
          WAIT,
        ),
      );
      // stopped with cancelOrdersOnStop false: its orders stay resting and nobody holds it
      expect((await api.post(`/bots/${grid.botId}/stop`, { token })).status).toBe(200);
      await waitFor('the bot let go', async () => (await ownerOf(grid.botId)) === undefined, WAIT);
      const resting = simOrdersOf(sim, grid.apiKey).filter((o) => o.status === 'NEW');
      expect(resting).toHaveLength(2);

      const answer = await api.post(`/bots/${grid.botId}/cancel-orders`, { token });
      expect(answer.status).toBe(202);
      expect(answer.body.message).toMatch(/^the next bot-worker .* cancels its 2 open orders/);

      await withOutput(
        worker,
        waitFor(
          'the action done',
          async () => (await actionOf(grid.botId)).status === 'done',
          WAIT,
        ),
      );
      expect(simOrdersOf(sim, grid.apiKey).map((o) => o.status)).toEqual(['CANCELED', 'CANCELED']);
      expect((await ordersOf(grid.botId)).map((o) => o.status)).toEqual(['canceled', 'canceled']);
      const action = await api.get(answer.headers.get('location')!, { token });
      expect(action.body).toMatchObject({ status: 'done', result: 'cancelled 2 open orders' });
      await waitFor(
        'the bot let go again',
        async () => (await ownerOf(grid.botId)) === undefined,
        WAIT,
      );
      expect(await desiredState(grid.botId)).toBe('stopped');
      const events = await query(
        `SELECT type FROM bot_events WHERE bot_id = $1 AND type IN ('action.requested', 'bot.claimed', 'order.canceled', 'action.done', 'bot.released') AND id > (SELECT max(id) FROM bot_events WHERE bot_id = $1 AND type = 'bot.stopped') ORDER BY id`,
        [grid.botId],
      );
      expect(events.map((e) => e.type)).toEqual([
        'bot.released',
        'action.requested',
        'bot.claimed',
        'order.canceled',
        'order.canceled',
        'action.done',
        'bot.released',
      ]);
      await stopGracefully(worker);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'liquidate, asked twice, its worker killed between intent and send: the next worker sells once',
    async () => {
      const bot = await holdingBot();
      const a = await startWorker('after-intent');

      const first = await api.post(`/bots/${bot.botId}/liquidate`, { token });
      const again = await api.post(`/bots/${bot.botId}/liquidate`, { token });
      expect(first.status).toBe(202);
      expect(first.body.message).toMatch(
        /sells the 0\.01 BTC it holds at the market, then stops the bot/,
      );
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({
        alreadyRequested: true,
        action: { id: first.body.action.id },
      });

      expect(await a.process.waitForExit(WAIT.timeoutMs)).toEqual({
        code: null,
        signal: 'SIGKILL',
      });
      const [intent] = await ordersOf(bot.botId);
      expect(intent).toMatchObject({
        client_order_id: clientOrderIdFor(bot.botId, 1),
        side: 'sell',
        type: 'market',
        status: 'intent',
        signal: 'liquidate',
      });
      expect(dec(intent.amount)).toBe(HELD);
      expect(orderPosts(bot.apiKey)).toHaveLength(0);

      const b = await startWorker();
      await withOutput(
        b,
        waitFor('the action done', async () => (await actionOf(bot.botId)).status === 'done', WAIT),
      );

      // one sell reached the exchange, and it is the new owner's, under the next client order id
      const sells = sellsAt(bot.apiKey);
      expect(sells).toHaveLength(1);
      expect(orderPosts(bot.apiKey)).toHaveLength(1);
      expect(sells[0]).toMatchObject({
        clientOrderId: clientOrderIdFor(bot.botId, 2),
        type: 'MARKET',
        status: 'FILLED',
      });
      expect(dec(sells[0].executedQty)).toBe(HELD);
      const orders = await ordersOf(bot.botId);
      expect(orders.map((o) => [o.client_order_id, o.status])).toEqual([
        [clientOrderIdFor(bot.botId, 1), 'rejected'],
        [clientOrderIdFor(bot.botId, 2), 'filled'],
      ]);
      expect(orders[0].error).toMatch(/never reached the exchange/);
      expect(await positionOf(bot.botId)).toBe('0');
      expect(dec(sim.accountSnapshot(bot.apiKey).balances['BTC']?.free ?? '0')).toBe('0');
      expect(await desiredState(bot.botId)).toBe('stopped');
      expect(await actionOf(bot.botId)).toMatchObject({
        status: 'done',
        result: `sold ${HELD} BTC; the bot is stopped`,
      });

      // asked once more: nothing left to sell, nothing to cancel
      const late = await api.post(`/bots/${bot.botId}/liquidate`, { token });
      expect(late.status).toBe(409);
      expect(late.body.message).toMatch(/^nothing to sell and no order to cancel/);
      expect(sellsAt(bot.apiKey)).toHaveLength(1);
      await stopGracefully(b);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'liquidate, its worker killed between send and record: the next worker records that sell, sells nothing more',
    async () => {
      const bot = await holdingBot();
      const c = await startWorker('after-send');
      expect((await api.post(`/bots/${bot.botId}/liquidate`, { token })).status).toBe(202);

      expect(await c.process.waitForExit(WAIT.timeoutMs)).toEqual({
        code: null,
        signal: 'SIGKILL',
      });
      const [unrecorded] = await ordersOf(bot.botId);
      expect(unrecorded).toMatchObject({ status: 'intent', signal: 'liquidate' });
      expect(sellsAt(bot.apiKey).map((o) => [o.clientOrderId, o.status])).toEqual([
        [unrecorded.client_order_id, 'FILLED'],
      ]);

      const d = await startWorker();
      await withOutput(
        d,
        waitFor('the action done', async () => (await actionOf(bot.botId)).status === 'done', WAIT),
      );
      expect(sellsAt(bot.apiKey)).toHaveLength(1);
      expect(orderPosts(bot.apiKey)).toHaveLength(1);
      const orders = await ordersOf(bot.botId);
      expect(orders.map((o) => [o.id, o.status])).toEqual([[unrecorded.id, 'filled']]);
      expect(dec(orders[0].filled)).toBe(HELD);
      expect(await positionOf(bot.botId)).toBe('0');
      expect(await desiredState(bot.botId)).toBe('stopped');
      expect((await actionOf(bot.botId)).result).toBe(`sold ${HELD} BTC; the bot is stopped`);
      const trades = await query(`SELECT amount::text FROM trades WHERE bot_id = $1`, [bot.botId]);
      expect(trades.reduce((sum, t) => sum.plus(t.amount), new Dec(0)).toFixed()).toBe(HELD);
      await stopGracefully(d);
    },
    TEST_TIMEOUT_MS,
  );
});
