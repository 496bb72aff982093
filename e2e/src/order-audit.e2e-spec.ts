import { randomBytes } from 'node:crypto';
import { KeyRing } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import { createTestDatabase, TestRedisServer, type TestDatabase, waitFor } from '@platform/testing';
import { Client } from 'pg';
import { type AuditBot, type BotPlan, seedAuditBots } from './support/audit-bots';
import { type RunningService, startService } from './support/cluster';
import {
  exchangeOrdersOfBots,
  fillDifferences,
  orderDifferences,
  orderRows,
} from './support/order-audit';
import { paperDifferences } from './support/paper-audit';
import { PriceSwings } from './support/price-swings';
import { botsIdleSince, haltedBots, lingeringIntents } from './support/stuck-bots';
import { workerWarnings } from './support/worker-warnings';

// Paper and live bots side by side on the same markets, as users run them: a DCA and a grid
// bot of each mode on two symbols, on two real bot-workers and a market-data, against the
// exchange simulator, with prices swinging so that every bot trades all the time. Afterwards
// the exchange's order list is the judge: every order it holds for our bots is recorded with
// its id, status and filled amount, every fill it made is a trade, and no bot went quiet or
// left an intent behind. (Found by a user: paper order ids collided with the exchange's.)
// The exchange has Binance's finite book (issue 14): the orders are large enough that market
// orders walk several levels and resting ones fill in parts, so partial fills are audited too;
// paper bots fill in parts from the depth the tickers quote, and their ledger is their judge.
describe('order audit: paper and live bots on the same markets', () => {
  const CENTERS: Record<string, number> = { 'SOL/USDT': 150, 'ETH/USDT': 3000 };
  /** The prices swing ±3 % every 2.5 s: across three grid levels each way. */
  const AMPLITUDE = 0.03;
  const SWING_MS = 2500;
  const TRADING_MS = 25_000;
  /** Each bot must record orders after this much of the trading (its first ones are not enough). */
  const WARM_UP_MS = 10_000;
  /** An order row may sit at intent this long (a send under way), never longer. */
  const INTENT_MAX_SECONDS = 5;
  const SETTLE_MS = 8000;
  const QUOTE_BALANCE = '10000000';
  /** Paper bots' own starting balance: enough for a buy of DCA_QUOTE every second. */
  const PAPER_QUOTE_BALANCE = 1_000_000;
  /** A market buy walks about two and a half of the simulator's levels (~2000 USDT each). */
  const DCA_QUOTE = 5000;
  /** A grid level fills in about fifteen slices of resting fills (~100 USDT each). */
  const GRID_LEVEL_QUOTE = 1500;
  const SETUP_TIMEOUT_MS = 150_000;

  const plans: BotPlan[] = Object.entries(CENTERS).flatMap(([symbol, center]) =>
    (['paper', 'live'] as const).flatMap((mode) => {
      const risk = mode === 'paper' ? { risk: { paperQuoteBalance: PAPER_QUOTE_BALANCE } } : {};
      return [
        // a market buy every second; everything sold once 2 % up, on each upswing
        {
          mode,
          symbol,
          strategy: 'dca',
          params: { quotePerBuy: DCA_QUOTE, intervalSeconds: 1, takeProfitPct: 2, ...risk },
        },
        // levels 2 % of the center apart: each swing fills three of them, each in parts
        {
          mode,
          symbol,
          strategy: 'grid',
          params: {
            lowerPrice: center * 0.9,
            upperPrice: center * 1.1,
            levels: 11,
            basePerLevel: GRID_LEVEL_QUOTE / center,
            ...risk,
          },
        },
      ];
    }),
  );

  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  let sql: Client;
  let bots: AuditBot[];
  const services: RunningService[] = [];
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;

  const found = {
    orderDifferences: [] as string[],
    fillDifferences: [] as string[],
    idleBots: [] as string[],
    haltedBots: [] as string[],
    lingeringIntents: [] as string[],
    ordersFilledInParts: 0,
    paperDifferences: [] as string[],
    paperOrdersFilledInParts: 0,
  };

  const expectNone = (problems: string[], context = '') => {
    if (problems.length > 0)
      throw new Error(`${problems.length} found:\n- ${problems.join('\n- ')}${context}`);
  };

  const startCluster = async () => {
    const deps = { databaseUrl: db.url, redisUrl: redis.url };
    const exchange = {
      EXCHANGE_BASE_URLS: `binance=${sim.url}`,
      ENCRYPTION_KEYS: encryptionKeys,
      // the audit is about records, not about budgets: never wait for request weight
      EXCHANGE_WEIGHT_BUDGETS: 'binance=1000000',
    };
    const worker = {
      ...exchange,
      RECONCILE_INTERVAL_MS: '300',
      BOT_TICK_INTERVAL_MS: '250',
      ORDER_POLL_INTERVAL_MS: '500',
      ORDER_BUDGET_PER_10S: '1000',
      LATE_ORDER_WINDOW_MS: '2000',
      // a loaded machine may delay a poll; the bots must not sit out long stretches for it
      MARKET_STALE_AFTER_MS: '10000',
    };
    services.push(
      ...(await Promise.all([
        startService('market-data', deps, {
          ...exchange,
          POLL_INTERVAL_MS: '500',
          FEED_REFRESH_MS: '500',
          CANDLE_REFRESH_MS: '60000', // neither DCA nor grid reads candles
        }),
        startService('bot-worker', deps, worker),
        startService('bot-worker', deps, worker),
      ])),
    );
  };

  /** After the last swing the bots see their last fills within a poll; give them that time. */
  const settle = async () => {
    const deadline = Date.now() + SETTLE_MS;
    while (Date.now() < deadline) {
      const rows = await orderRows(sql, bots);
      if (orderDifferences(exchangeOrdersOfBots(sim, bots, rows)).length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  beforeAll(async () => {
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({
        port: 0,
        seed: 31,
        clockSpeed: 0,
        weightLimit: 1_000_000,
      }),
    ]);
    for (const [symbol, price] of Object.entries(CENTERS)) sim.setPrice(symbol, price);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    bots = await seedAuditBots(db.url, sim, KeyRing.parse(encryptionKeys), plans, QUOTE_BALANCE);
    await startCluster();

    // trading has begun once every bot has written an order
    await waitFor(
      'every bot to write its first order',
      async () => {
        const { rows } = await sql.query(
          `SELECT count(DISTINCT bot_id)::int AS n FROM orders WHERE bot_id = ANY($1::uuid[])`,
          [bots.map((b) => b.botId)],
        );
        return rows[0].n === bots.length;
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${workerWarnings(services, bots).join('\n')}`);
    });
    const { rows } = await sql.query(`SELECT clock_timestamp() AS now`);
    const warmedUp = new Date((rows[0].now as Date).getTime() + WARM_UP_MS);

    const swings = new PriceSwings(sim, CENTERS, AMPLITUDE);
    swings.start(SWING_MS);
    await new Promise((resolve) => setTimeout(resolve, TRADING_MS));
    swings.stop();
    await settle();

    // while the bots still run: who went quiet or stopped itself, and what sat at intent
    found.idleBots = await botsIdleSince(sql, bots, warmedUp);
    found.haltedBots = await haltedBots(sql, bots);
    found.lingeringIntents = await lingeringIntents(sql, bots, INTENT_MAX_SECONDS);
    // a graceful stop finishes the evaluation under way: nothing moves at either side after it
    await Promise.all(services.map((s) => s.process.stop('SIGTERM', 30_000)));

    const exchangeOrders = exchangeOrdersOfBots(sim, bots, await orderRows(sql, bots));
    found.orderDifferences = orderDifferences(exchangeOrders);
    const fills = await fillDifferences(sql, sim, exchangeOrders);
    found.fillDifferences = fills.differences;
    found.ordersFilledInParts = fills.ordersFilledInParts;
    const paper = await paperDifferences(sql, bots);
    found.paperDifferences = paper.differences;
    found.paperOrdersFilledInParts = paper.ordersFilledInParts;

    const { rows: counts } = await sql.query(
      `SELECT (SELECT count(*) FROM orders)::int AS rows, (SELECT count(*) FROM trades)::int AS trades`,
    );
    const stuck = [found.idleBots, found.haltedBots, found.lingeringIntents].flat().length;
    console.log(
      `order audit: ${exchangeOrders.length} orders at the exchange (${fills.fills} fills, ` +
        `${fills.ordersFilledInParts} orders filled in parts), ` +
        `${counts[0].rows} order rows, ${counts[0].trades} trades, ${stuck} stuck ` +
        `(${found.idleBots.length} idle bots, ${found.haltedBots.length} halted, ` +
        `${found.lingeringIntents.length} rows at intent); ` +
        `paper: ${paper.orders} orders (${paper.fills} fills, ${paper.ordersFilledInParts} in parts); ` +
        `${found.orderDifferences.length} order, ${found.fillDifferences.length} fill and ` +
        `${found.paperDifferences.length} paper differences ` +
        `after ${swings.swings} price swings`,
    );
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.process.kill()));
    await sql?.end();
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  });

  it('every order at the exchange has its row, past intent, with its id, status and filled amount', () => {
    expectNone(found.orderDifferences);
  });

  it('every fill at the exchange is in trades, with its amount', () => {
    expectNone(found.fillDifferences);
  });

  it('the audit saw orders filled in parts (several fills each)', () => {
    expect(found.ordersFilledInParts).toBeGreaterThan(0);
  });

  it('every paper order has its row, and each of its fills is one trade', () => {
    expectNone(found.paperDifferences);
  });

  it('paper orders were filled in parts too, from the depth the tickers quote', () => {
    expect(found.paperOrdersFilledInParts).toBeGreaterThan(0);
  });

  it('no bot is stuck: each records orders after the warm-up, none halts or leaves an intent behind', () => {
    expectNone(
      [...found.idleBots, ...found.haltedBots, ...found.lingeringIntents],
      `\nworker warnings:\n${workerWarnings(services, bots).join('\n')}`,
    );
  });
});
