import { randomBytes } from 'node:crypto';
import { CcxtExchangeClient, Dec, KeyRing } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { clientOrderIdFor, runMigrations } from '@platform/persistence';
import {
  createTestDatabase,
  OwnershipAudit,
  TestRedisServer,
  type TestDatabase,
  waitFor,
} from '@platform/testing';
import { Client } from 'pg';
import { type RunningService, startService } from './support/cluster';
import { dec, type LiveBot, seedLiveBot, type SimOrder, simOrdersOf } from './support/trading';

// Rule 4 (intent before order) under kill -9, with real processes: a live DCA bot trades on the
// exchange simulator; its worker is killed between intent and send, and later between send and
// record. Each time another worker takes the bot over, resolves what its predecessor left by the
// client order id, and trades on. The exchange's log is the judge: every order it executed is
// recorded once, with its fills, and nothing was sent twice.
describe('failover mid-order', () => {
  const SYMBOL = 'BTC/USDT';
  const PRICE = 30_000;
  const QUOTE_BALANCE = '100000';
  // a market buy of 20 USDT every 2 s; the take profit is never reached at a fixed price
  const PARAMS = { quotePerBuy: 20, intervalSeconds: 2, takeProfitPct: 500 };
  const WAIT = { timeoutMs: 120_000, intervalMs: 250 };
  /** Per test: above WAIT plus a graceful stop, so a stuck wait fails with its own message. */
  const TEST_TIMEOUT_MS = 200_000;

  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  let sql: Client;
  let audit: OwnershipAudit;
  let reader: CcxtExchangeClient;
  let apiKey: string;
  let bot: LiveBot;
  const services: RunningService[] = [];
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;

  /** What the first crash left: the intent that never reached the exchange. */
  let neverSent: DbOrder;
  /** What the second crash left: the order the exchange executed but nobody recorded. */
  let unrecorded: DbOrder;
  /** Orders recorded when D takes over (C's unrecorded one included). */
  let ordersBeforeD = 0;

  interface DbOrder {
    id: string;
    client_order_id: string;
    exchange_order_id: string | null;
    fence_token: string;
    side: string;
    type: string;
    amount: string;
    filled: string;
    status: string;
    signal: string;
    error: string | null;
  }
  interface DbTrade {
    order_id: string;
    exchange_trade_id: string;
    side: string;
    price: string;
    amount: string;
    fee: string;
    fee_currency: string | null;
  }

  const query = async <T>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await sql.query(text, params)).rows as T[];
  const orders = () =>
    query<DbOrder>(
      `SELECT id, client_order_id, exchange_order_id, fence_token::text, side, type, amount::text,
              filled::text, status, signal, error
         FROM orders WHERE bot_id = $1 ORDER BY created_at, id`,
      [bot.botId],
    );
  const trades = () =>
    query<DbTrade>(
      `SELECT order_id, exchange_trade_id, side, price::text, amount::text, fee::text, fee_currency
         FROM trades WHERE bot_id = $1 ORDER BY order_id, exchange_trade_id`,
      [bot.botId],
    );
  const events = (type: string) =>
    query<{ fence_token: string; message: string; data: Record<string, unknown> }>(
      `SELECT fence_token::text, message, data FROM bot_events WHERE bot_id = $1 AND type = $2 ORDER BY id`,
      [bot.botId, type],
    );
  const simOrders = (): SimOrder[] => simOrdersOf(sim, apiKey);
  const orderPosts = () => sim.requests({ path: '/api/v3/order', method: 'POST', apiKey });

  const startMarketData = async () => {
    const service = await startService(
      'market-data',
      { databaseUrl: db.url, redisUrl: redis.url },
      {
        EXCHANGE_BASE_URLS: `binance=${sim.url}`,
        ENCRYPTION_KEYS: encryptionKeys,
        POLL_INTERVAL_MS: '500',
        FEED_REFRESH_MS: '500',
        FEED_LEASE_TTL_MS: '3000',
        CANDLE_REFRESH_MS: '60000', // DCA needs no candles
      },
    );
    services.push(service);
    return service;
  };
  const startWorker = async (crashAt: '' | 'after-intent' | 'after-send' = '') => {
    const worker = await startService(
      'bot-worker',
      { databaseUrl: db.url, redisUrl: redis.url },
      {
        EXCHANGE_BASE_URLS: `binance=${sim.url}`,
        ENCRYPTION_KEYS: encryptionKeys,
        LEASE_TTL_MS: '2000',
        RECONCILE_INTERVAL_MS: '300',
        BOT_TICK_INTERVAL_MS: '250',
        LATE_ORDER_WINDOW_MS: '2000',
        // a loaded machine may delay a poll; the bot must not sit out long stretches for it
        MARKET_STALE_AFTER_MS: '10000',
        BOT_CRASH_AT: crashAt,
      },
    );
    services.push(worker);
    return worker;
  };
  const describeWorker = (worker: RunningService) =>
    `\n--- ${worker.process.service} output ---\n${worker.process.output.slice(-4000)}`;

  /**
   * The database against the exchange: every order the simulator holds for the key has exactly
   * one recorded order with its client order id, filled, with the simulator's fills as trades;
   * every recorded order is either that or an intent proven never sent; the position is the sum
   * of the fills, and the key's BTC at the exchange is the bot's position.
   */
  const expectRecordsMatchExchange = async () => {
    const atExchange = simOrders();
    const recorded = await orders();

    // nothing sent twice: one POST per executed order, no client order id twice at the exchange
    expect(new Set(atExchange.map((o) => o.clientOrderId)).size).toBe(atExchange.length);
    expect(orderPosts()).toHaveLength(atExchange.length);

    for (const order of atExchange) {
      const matches = recorded.filter((r) => r.client_order_id === order.clientOrderId);
      expect(matches).toHaveLength(1);
      expect(matches[0]).toMatchObject({
        status: 'filled',
        side: 'buy',
        type: 'market',
        exchange_order_id: String(order.orderId),
      });
      expect(order).toMatchObject({ status: 'FILLED', side: 'BUY', type: 'MARKET' });
      expect(dec(matches[0].amount)).toBe(dec(order.origQty));
      expect(dec(matches[0].filled)).toBe(dec(order.executedQty));
    }
    // the recorded filled orders are exactly the exchange's orders
    expect(
      recorded
        .filter((r) => r.status === 'filled')
        .map((r) => r.client_order_id)
        .sort(),
    ).toEqual(atExchange.map((o) => o.clientOrderId).sort());
    // everything else is an intent proven never sent (the first crash's)
    expect(recorded.filter((r) => r.status !== 'filled').map((r) => [r.id, r.status])).toEqual([
      [neverSent.id, 'rejected'],
    ]);

    // the trades are the exchange's fills, exactly (price, amount, fee)
    const recordedTrades = await trades();
    const expectedTrades: DbTrade[] = [];
    for (const order of recorded.filter((r) => r.status === 'filled')) {
      const fills = await reader.fetchOrderFills(order.exchange_order_id!, SYMBOL);
      expect(fills.length).toBeGreaterThan(0);
      for (const fill of fills)
        expectedTrades.push({
          order_id: order.id,
          exchange_trade_id: fill.id,
          side: 'buy',
          price: dec(fill.price)!,
          amount: dec(fill.amount)!,
          fee: dec(fill.fee)!,
          fee_currency: fill.feeCurrency,
        });
    }
    const canonical = (list: DbTrade[]) =>
      list
        .map((t) => ({ ...t, price: dec(t.price)!, amount: dec(t.amount)!, fee: dec(t.fee)! }))
        .sort(
          (a, b) =>
            a.order_id.localeCompare(b.order_id) ||
            a.exchange_trade_id.localeCompare(b.exchange_trade_id),
        );
    expect(canonical(recordedTrades)).toEqual(canonical(expectedTrades));
    // the fees of a buy are taken in BTC (what the position receives is amount - fee)
    expect(recordedTrades.every((t) => t.fee_currency === 'BTC')).toBe(true);

    // the position moved once per fill
    const [position] = await query<{ base_amount: string; trades_count: number }>(
      `SELECT base_amount::text, trades_count FROM bot_positions WHERE bot_id = $1`,
      [bot.botId],
    );
    const received = recordedTrades.reduce(
      (sum, t) => sum.plus(t.amount).minus(t.fee_currency === 'BTC' ? t.fee : 0),
      new Dec(0),
    );
    expect(dec(position.base_amount)).toBe(received.toFixed());
    expect(Number(position.trades_count)).toBe(recordedTrades.length);
    // nothing lost: the key's BTC at the exchange is exactly the bot's position
    const balances = sim.accountSnapshot(apiKey).balances;
    expect(dec(balances['BTC']?.free ?? '0')).toBe(received.toFixed());
    const spent = atExchange.reduce((sum, o) => sum.plus(o.cummulativeQuoteQty), new Dec(0));
    expect(dec(balances['USDT'].free)).toBe(new Dec(QUOTE_BALANCE).minus(spent).toFixed());

    // the strategy's orders, in order: one deterministic client order id per intent, no gaps
    expect(recorded.map((r) => r.client_order_id)).toEqual(
      recorded.map((_, i) => clientOrderIdFor(bot.botId, i + 1)),
    );
    expect(await events('order.intent')).toHaveLength(recorded.length);
    const [state] = await query<{ order_seq: string }>(
      `SELECT order_seq::text FROM bot_state WHERE bot_id = $1`,
      [bot.botId],
    );
    expect(Number(state.order_seq)).toBe(recorded.length);
    expect(recorded.map((r) => r.signal)).toEqual([
      'dca-first-buy',
      ...recorded.slice(1).map(() => 'dca-interval'),
    ]);
    return { atExchange, recorded };
  };

  beforeAll(async () => {
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({
        port: 0,
        seed: 17,
        clockSpeed: 0,
      }),
    ]);
    sim.setPrice(SYMBOL, PRICE);
    const credentials = sim.createApiKey({ balances: { USDT: QUOTE_BALANCE } });
    apiKey = credentials.apiKey;
    reader = new CcxtExchangeClient({
      exchangeId: 'binance',
      credentials,
      baseUrl: sim.url,
      timeoutMs: 5000,
    });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    audit = await OwnershipAudit.connect(db.url);
    bot = await seedLiveBot(db.url, {
      ring: KeyRing.parse(encryptionKeys),
      credentials,
      strategy: 'dca',
      params: PARAMS,
      symbol: SYMBOL,
    });
    await startMarketData();
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.process.kill()));
    await sql?.end();
    await audit?.close();
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  }, TEST_TIMEOUT_MS);

  it(
    'worker A is killed between intent and send: one intent recorded, nothing at the exchange',
    async () => {
      const a = await startWorker('after-intent');
      const exit = await a.process.waitForExit(WAIT.timeoutMs);
      expect(exit).toEqual({ code: null, signal: 'SIGKILL' });

      const recorded = await orders();
      expect(recorded).toHaveLength(1);
      neverSent = recorded[0];
      expect(neverSent).toMatchObject({
        status: 'intent',
        side: 'buy',
        type: 'market',
        signal: 'dca-first-buy',
        client_order_id: clientOrderIdFor(bot.botId, 1),
      });
      expect(simOrders().filter((o) => o.clientOrderId === neverSent.client_order_id)).toEqual([]);
      expect(simOrders()).toEqual([]);
      expect(orderPosts()).toHaveLength(0);
      expect(await query(`SELECT 1 FROM trades WHERE bot_id = $1`, [bot.botId])).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'worker B proves the intent never reached the exchange, rejects it, and trades on: each order once',
    async () => {
      const b = await startWorker();
      try {
        await waitFor(
          'the intent resolved and three orders filled by the new owner',
          async () => {
            const recorded = await orders();
            const resolved = recorded.find((o) => o.id === neverSent.id)?.status === 'rejected';
            return resolved && recorded.filter((o) => o.status === 'filled').length >= 3;
          },
          WAIT,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}${describeWorker(b)}`);
      }
      // a graceful stop finishes the order under way, so the records and the exchange can be compared
      const exit = await b.process.stop('SIGTERM', 30_000);
      if (exit.code !== 0)
        throw new Error(`the worker's graceful stop exited ${exit.code}${describeWorker(b)}`);

      const [intent] = await query<DbOrder>(
        `SELECT status, exchange_order_id, error FROM orders WHERE id = $1`,
        [neverSent.id],
      );
      expect(intent).toMatchObject({ status: 'rejected', exchange_order_id: null });
      expect(intent.error).toMatch(/never reached the exchange/);
      const rejected = await events('order.rejected');
      expect(rejected.map((e) => e.data['orderId'])).toEqual([neverSent.id]);
      // rejected by the new owner, not by the worker that wrote the intent
      expect(Number(rejected[0].fence_token)).toBeGreaterThan(Number(neverSent.fence_token));
      expect(await query(`SELECT 1 FROM trades WHERE order_id = $1`, [neverSent.id])).toEqual([]);

      const { atExchange } = await expectRecordsMatchExchange();
      expect(atExchange.length).toBeGreaterThanOrEqual(3);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'worker C is killed after the exchange executed its order, before recording it',
    async () => {
      const positionBefore = await query(`SELECT * FROM bot_positions WHERE bot_id = $1`, [
        bot.botId,
      ]);
      const executedBefore = simOrders().length;
      const c = await startWorker('after-send');
      const exit = await c.process.waitForExit(WAIT.timeoutMs);
      expect(exit).toEqual({ code: null, signal: 'SIGKILL' });

      const recorded = await orders();
      const unresolved = recorded.filter((o) => !['filled', 'rejected'].includes(o.status));
      expect(unresolved).toHaveLength(1);
      unrecorded = unresolved[0];
      ordersBeforeD = recorded.length;
      expect(unrecorded).toMatchObject({ status: 'intent', exchange_order_id: null, filled: '0' });
      // the exchange did execute it, once
      const atExchange = simOrders().filter((o) => o.clientOrderId === unrecorded.client_order_id);
      expect(atExchange).toHaveLength(1);
      expect(atExchange[0]).toMatchObject({ status: 'FILLED', side: 'BUY', type: 'MARKET' });
      expect(simOrders()).toHaveLength(executedBefore + 1);
      expect(orderPosts()).toHaveLength(executedBefore + 1);
      // and nothing of it is recorded yet
      expect(await query(`SELECT 1 FROM trades WHERE order_id = $1`, [unrecorded.id])).toEqual([]);
      expect(await query(`SELECT * FROM bot_positions WHERE bot_id = $1`, [bot.botId])).toEqual(
        positionBefore,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'worker D records that very order as filled with its fills, once, and trades on without duplicates',
    async () => {
      const d = await startWorker();
      try {
        await waitFor(
          'the executed order recorded and two more orders filled by the new owner',
          async () => {
            const recorded = await orders();
            const at = recorded.findIndex((o) => o.id === unrecorded.id);
            return (
              recorded[at]?.status === 'filled' &&
              recorded.slice(at + 1).filter((o) => o.status === 'filled').length >= 2
            );
          },
          WAIT,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}${describeWorker(d)}`);
      }
      const exit = await d.process.stop('SIGTERM', 30_000);
      if (exit.code !== 0)
        throw new Error(`the worker's graceful stop exited ${exit.code}${describeWorker(d)}`);

      // that very order: the exchange's order id, its fills, one record of the outcome
      const [atExchange] = simOrders().filter(
        (o) => o.clientOrderId === unrecorded.client_order_id,
      );
      const [order] = await query<DbOrder>(
        `SELECT status, exchange_order_id, filled::text FROM orders WHERE id = $1`,
        [unrecorded.id],
      );
      expect(order).toMatchObject({
        status: 'filled',
        exchange_order_id: String(atExchange.orderId),
      });
      expect(dec(order.filled)).toBe(dec(atExchange.executedQty));
      const fills = await reader.fetchOrderFills(String(atExchange.orderId), SYMBOL);
      const orderTrades = await query<DbTrade>(
        `SELECT order_id, exchange_trade_id, side, price::text, amount::text, fee::text, fee_currency
         FROM trades WHERE order_id = $1 ORDER BY exchange_trade_id`,
        [unrecorded.id],
      );
      const byId = (a: string[], b: string[]) => a[0].localeCompare(b[0]);
      expect(
        orderTrades
          .map((t) => [t.exchange_trade_id, dec(t.price)!, dec(t.amount)!, dec(t.fee)!])
          .sort(byId),
      ).toEqual(fills.map((f) => [f.id, dec(f.price)!, dec(f.amount)!, dec(f.fee)!]).sort(byId));
      const filledEvents = (await events('order.filled')).filter(
        (e) => e.data['orderId'] === unrecorded.id,
      );
      expect(filledEvents).toHaveLength(1);
      expect(filledEvents[0].data['newFills']).toBe(fills.length);
      // recorded by the new owner, under its own claim
      expect(Number(filledEvents[0].fence_token)).toBeGreaterThan(Number(unrecorded.fence_token));
      expect(
        (await events('order.rejected')).filter((e) => e.data['orderId'] === unrecorded.id),
      ).toEqual([]);

      const { recorded } = await expectRecordsMatchExchange();
      expect(recorded.length).toBeGreaterThanOrEqual(ordersBeforeD + 2);
      expect(await audit.staleWritesAccepted()).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
