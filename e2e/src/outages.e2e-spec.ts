import { randomBytes } from 'node:crypto';
import { KeyRing } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import { TestPostgresServer, TestRedisServer, waitFor } from '@platform/testing';
import { Client } from 'pg';
import { type AuditBot, type BotPlan, seedAuditBots } from './support/audit-bots';
import { type RunningService, startService } from './support/cluster';
import {
  type ExchangeOrderOfBot,
  exchangeOrdersOfBots,
  fillDifferences,
  orderDifferences,
  orderRows,
} from './support/order-audit';
import { PriceSwings } from './support/price-swings';
import { haltedBots, lingeringIntents } from './support/stuck-bots';
import { workerWarnings } from './support/worker-warnings';

// The outages a notebook cluster meets, each while live bots trade on the exchange simulator
// (two real bot-workers and a market-data): PostgreSQL stopped for 30 s, Redis stopped (its
// memory lost), and the exchange down for 60 s (5xx, unknown outcomes, unanswered calls, reset
// connections). Through each: no order reaches the exchange without its intent on disk, none
// is sent twice, the bots stop acting while they cannot act safely, and they resume by
// themselves afterwards, with every exchange order and fill recorded and nothing left pending.
describe('outages while live bots trade', () => {
  const CENTERS: Record<string, number> = { 'SOL/USDT': 150 };
  /** The prices swing ±3 % this often, so the grid bots trade all the time. */
  const SWING_MS = 2500;
  const POSTGRES_DOWN_MS = 30_000;
  const REDIS_DOWN_MS = 10_000;
  /** The default lease TTL plus the worker's grace: bots must have stopped by then. */
  const STOP_WITHIN_MS = 5_000;
  /** Every bot must place an order within this long after an outage ends. */
  const RESUME_WITHIN_MS = 45_000;
  /** Rows may sit at intent/unknown this long after an outage (a send being resolved). */
  const INTENT_MAX_SECONDS = 10;

  const plans: BotPlan[] = [
    ...[1, 2, 3].map(() => ({
      mode: 'live' as const,
      symbol: 'SOL/USDT',
      strategy: 'dca',
      params: { quotePerBuy: 20, intervalSeconds: 1, takeProfitPct: 1 },
    })),
    {
      mode: 'live',
      symbol: 'SOL/USDT',
      strategy: 'grid',
      params: { lowerPrice: 135, upperPrice: 165, levels: 11, basePerLevel: 0.1 },
    },
  ];

  let postgres: TestPostgresServer;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  let sql: Client;
  let bots: AuditBot[];
  let swings: PriceSwings;
  const services: RunningService[] = [];
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Orders of the bots at the exchange (it is the judge; Postgres may be down). */
  const ordersAtExchange = () => exchangeOrdersOfBots(sim, bots, []).length;
  const ordersOfBotAtExchange = (bot: AuditBot) => exchangeOrdersOfBots(sim, [bot], []).length;

  /** Waits until every bot has placed an order at the exchange again; prints how long it took. */
  const everyBotTradesAgain = async (what: string) => {
    const marks = new Map(bots.map((bot) => [bot, ordersOfBotAtExchange(bot)]));
    const since = Date.now();
    await waitFor(
      `every bot to place an order after ${what}`,
      () => bots.every((bot) => ordersOfBotAtExchange(bot) > (marks.get(bot) ?? 0)),
      { timeoutMs: RESUME_WITHIN_MS, intervalMs: 250 },
    ).catch((error: Error) => {
      const idle = bots.filter((bot) => ordersOfBotAtExchange(bot) <= (marks.get(bot) ?? 0));
      const which = idle.map((bot) => `${bot.label} ${bot.botId}`).join(', ');
      const warnings = workerWarnings(services, bots).join('\n');
      throw new Error(`${error.message}; not trading again: ${which}\n${warnings}`);
    });
    console.log(`outages: every bot traded again ${Date.now() - since} ms after ${what}`);
  };

  /**
   * With Postgres up: every exchange order and fill recorded, nothing pending, no bot halted.
   * The exchange's orders and its fills are read one after the other while the bots trade on (a
   * swing between the two reads fills resting orders the first read saw open): the audit reads
   * both until they agree with the records, and judges the last reading.
   */
  const auditClean = async () => {
    let orders: ExchangeOrderOfBot[] = [];
    let differences: string[] = [];
    const agrees = async () => {
      orders = exchangeOrdersOfBots(sim, bots, await orderRows(sql, bots));
      const fills = await fillDifferences(sql, sim, orders);
      differences = [...orderDifferences(orders), ...fills.differences];
      return differences.length === 0;
    };
    await waitFor('every exchange order and fill recorded and resolved', agrees, {
      timeoutMs: 20_000,
      intervalMs: 250,
    }).catch(() => undefined); // the assertion below says what differs
    expect(differences).toEqual([]);
    expect(await lingeringIntents(sql, bots, INTENT_MAX_SECONDS)).toEqual([]);
    expect(await haltedBots(sql, bots)).toEqual([]);
    // never twice: one exchange order per client order id
    const ids = orders.map((o) => o.order.clientOrderId);
    expect(ids.length - new Set(ids).size).toBe(0);
    return orders.length;
  };

  const connectSql = async () => {
    sql = new Client({ connectionString: postgres.url });
    sql.on('error', () => undefined); // a stopped server ends it; reconnected after
    await sql.connect();
  };

  beforeAll(async () => {
    // each kept as it starts: one that fails must not leave the others running (afterAll)
    await Promise.all([
      TestPostgresServer.start().then((started) => (postgres = started)),
      TestRedisServer.start().then((started) => (redis = started)),
      ExchangeSimulator.start({ port: 0, seed: 41, clockSpeed: 0, weightLimit: 1_000_000 }).then(
        (started) => (sim = started),
      ),
    ]);
    await runMigrations(postgres.url);
    for (const [symbol, price] of Object.entries(CENTERS)) sim.setPrice(symbol, price);
    await connectSql();
    bots = await seedAuditBots(postgres.url, sim, KeyRing.parse(encryptionKeys), plans, '1000000');
    const deps = { databaseUrl: postgres.url, redisUrl: redis.url };
    const exchange = {
      EXCHANGE_BASE_URLS: `binance=${sim.url}`,
      ENCRYPTION_KEYS: encryptionKeys,
      EXCHANGE_WEIGHT_BUDGETS: 'binance=1000000',
    };
    // the services' own lease and retry timings: what a user runs
    const worker = { ...exchange, ORDER_BUDGET_PER_10S: '1000' };
    services.push(
      ...(await Promise.all([
        startService('market-data', deps, exchange),
        startService('bot-worker', deps, worker),
        startService('bot-worker', deps, worker),
      ])),
    );
    swings = new PriceSwings(sim, CENTERS, 0.03);
    swings.start(SWING_MS);
    await everyBotTradesAgain('the start');
  }, 120_000);

  afterAll(async () => {
    swings?.stop();
    await Promise.all(services.map((s) => s.process.kill()));
    await sql?.end().catch(() => undefined);
    await sim?.stop();
    await redis?.stop();
    await postgres?.destroy();
  });

  it('PostgreSQL stopped for 30 s: no order without its intent, bots stop, then resume by themselves', async () => {
    await postgres.stop();
    // an order whose intent was written just before may still go out: give it a moment
    await sleep(STOP_WITHIN_MS);
    const whileDown = ordersAtExchange();
    await sleep(POSTGRES_DOWN_MS - STOP_WITHIN_MS);
    expect(ordersAtExchange() - whileDown).toBe(0); // no intent on disk, no order
    await postgres.start();
    await connectSql();
    await everyBotTradesAgain('PostgreSQL came back');
    await auditClean();
  }, 150_000);

  it('Redis stopped (its memory lost): bots stop within the lease TTL, then resume by themselves', async () => {
    await redis.stop();
    await sleep(STOP_WITHIN_MS);
    const whileDown = ordersAtExchange();
    await sleep(REDIS_DOWN_MS - STOP_WITHIN_MS);
    expect(ordersAtExchange() - whileDown).toBe(0); // no lease, no order
    await redis.start();
    await everyBotTradesAgain('Redis came back');
    await auditClean();
  }, 150_000);

  it('the exchange down for 60 s: nothing sent twice, everything resolved, trading resumes', async () => {
    const phase = async (specs: Parameters<ExchangeSimulator['addFault']>[0][], ms: number) => {
      const faults = specs.map((spec) => sim.addFault(spec));
      await sleep(ms);
      for (const fault of faults) sim.removeFault(fault.id);
    };
    // 20 s of 503s; orders are placed and still answered 503 -1007 (outcome unknown)
    await phase(
      [
        { kind: 'http5xx', path: '/api/v3/order', method: 'POST', execute: true },
        { kind: 'http5xx', status: 503 },
      ],
      20_000,
    );
    // 20 s of calls never answered; orders are placed all the same
    await phase(
      [
        { kind: 'unknownOutcome', path: '/api/v3/order', method: 'POST', holdMs: 5000 },
        { kind: 'drop' },
      ],
      20_000,
    );
    // 20 s of connections reset before anything runs
    await phase([{ kind: 'drop' }], 20_000);
    await everyBotTradesAgain('the exchange came back');
    await auditClean();
  }, 180_000);
});
