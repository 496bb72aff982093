import { randomBytes } from 'node:crypto';
import { KeyRing } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import { createTestDatabase, TestRedisServer, type TestDatabase, waitFor } from '@platform/testing';
import { Client } from 'pg';
import { type RunningService, startService } from './support/cluster';
import { type LiveBot, seedLiveBot, simOrdersOf } from './support/trading';

// What a user's stop does to a live grid bot's resting orders, with real processes against the
// exchange simulator: moving to another worker leaves them resting (the bot goes on trading);
// a stop by the user cancels them at the exchange, unless the bot says to keep them.
describe('open orders when a bot stops', () => {
  const SYMBOL = 'BTC/USDT';
  // at 30,000 the grid rests two buys (29,000 and 29,500) and holds nothing to sell
  const GRID = { lowerPrice: 29_000, upperPrice: 31_000, levels: 5, basePerLevel: 0.001 };
  const WAIT = { timeoutMs: 60_000, intervalMs: 250 };
  const TEST_TIMEOUT_MS = 120_000;
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;

  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  let sql: Client;
  let cancelling: LiveBot & { apiKey: string };
  let keeping: LiveBot & { apiKey: string };
  // the user changes their mind while the bot runs (PATCH cancelOrdersOnStop): the stop obeys
  let turnedToCancel: LiveBot & { apiKey: string };
  let turnedToKeep: LiveBot & { apiKey: string };
  const services: RunningService[] = [];

  const start = async (service: 'market-data' | 'bot-worker') => {
    const running = await startService(
      service,
      { databaseUrl: db.url, redisUrl: redis.url },
      {
        EXCHANGE_BASE_URLS: `binance=${sim.url}`,
        ENCRYPTION_KEYS: encryptionKeys,
        POLL_INTERVAL_MS: '500',
        FEED_REFRESH_MS: '500',
        CANDLE_REFRESH_MS: '60000', // a grid needs no candles
        LEASE_TTL_MS: '2000',
        RECONCILE_INTERVAL_MS: '300',
        BOT_TICK_INTERVAL_MS: '250',
        MARKET_STALE_AFTER_MS: '10000',
        BOT_HEARTBEAT_HISTORY: 'false',
      },
    );
    services.push(running);
    return running;
  };
  const seed = async () => {
    const credentials = sim.createApiKey({ balances: { USDT: '10000' } });
    const bot = await seedLiveBot(db.url, {
      ring: KeyRing.parse(encryptionKeys),
      credentials,
      strategy: 'grid',
      params: GRID,
      symbol: SYMBOL,
    });
    return { ...bot, apiKey: credentials.apiKey };
  };
  const restingAt = (bot: { apiKey: string }) =>
    simOrdersOf(sim, bot.apiKey).filter((o) => o.status === 'NEW');
  const ownerOf = async (botId: string) =>
    (
      await sql.query(
        `SELECT worker_id FROM bot_runtime WHERE bot_id = $1 AND released_at IS NULL`,
        [botId],
      )
    ).rows[0]?.worker_id as string | undefined;
  const statuses = async (botId: string) =>
    (
      await sql.query(`SELECT status FROM orders WHERE bot_id = $1 ORDER BY created_at`, [botId])
    ).rows.map((r) => r.status as string);

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
    sim.setPrice(SYMBOL, 30_000);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    cancelling = await seed();
    keeping = await seed();
    turnedToCancel = await seed();
    turnedToKeep = await seed();
    await sql.query(`UPDATE bots SET cancel_orders_on_stop = false WHERE id = ANY($1)`, [
      [keeping.botId, turnedToCancel.botId],
    ]);
    await start('market-data');
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.process.kill()));
    await sql?.end();
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  }, TEST_TIMEOUT_MS);

  it(
    'a handover to another worker leaves the resting orders at the exchange',
    async () => {
      const first = await start('bot-worker');
      for (const bot of [cancelling, keeping, turnedToCancel, turnedToKeep])
        await waitFor('two resting buys', () => restingAt(bot).length === 2, WAIT);
      const resting = restingAt(cancelling).map((o) => o.orderId);
      const before = await ownerOf(cancelling.botId);

      await start('bot-worker');
      expect(await first.process.stop('SIGTERM')).toMatchObject({ code: 0 });
      await waitFor(
        'a new owner',
        async () => ((await ownerOf(cancelling.botId)) ?? before) !== before,
        WAIT,
      );
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the new owner acts at once
      expect(restingAt(cancelling).map((o) => o.orderId)).toEqual(resting);
      expect(sim.requests({ path: '/api/v3/order', method: 'DELETE' })).toHaveLength(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "the user's stop cancels them (and records it), unless the bot keeps them",
    async () => {
      await sql.query(`UPDATE bots SET desired_state = 'stopped' WHERE id = ANY($1)`, [
        [cancelling.botId, keeping.botId],
      ]);
      await waitFor('the orders cancelled', () => restingAt(cancelling).length === 0, WAIT);
      await waitFor(
        'the cancels recorded and the bot let go',
        async () =>
          (await statuses(cancelling.botId)).every((s) => s === 'canceled') &&
          (await ownerOf(cancelling.botId)) === undefined,
        WAIT,
      );
      expect(simOrdersOf(sim, cancelling.apiKey).map((o) => o.status)).toEqual([
        'CANCELED',
        'CANCELED',
      ]);
      await waitFor('the other bot let go', async () => !(await ownerOf(keeping.botId)), WAIT);
      expect(restingAt(keeping)).toHaveLength(2);
      expect(await statuses(keeping.botId)).toEqual(['open', 'open']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the choice is read when the stop happens, not when the worker loaded the bot',
    async () => {
      // as PATCH /bots/:id { cancelOrdersOnStop } does while the bots run
      await sql.query(`UPDATE bots SET cancel_orders_on_stop = true WHERE id = $1`, [
        turnedToCancel.botId,
      ]);
      await sql.query(`UPDATE bots SET cancel_orders_on_stop = false WHERE id = $1`, [
        turnedToKeep.botId,
      ]);
      await sql.query(`UPDATE bots SET desired_state = 'stopped' WHERE id = ANY($1)`, [
        [turnedToCancel.botId, turnedToKeep.botId],
      ]);
      await waitFor(
        'the cancels recorded and the bot let go',
        async () =>
          (await statuses(turnedToCancel.botId)).every((s) => s === 'canceled') &&
          (await ownerOf(turnedToCancel.botId)) === undefined,
        WAIT,
      );
      expect(restingAt(turnedToCancel)).toHaveLength(0);
      await waitFor('the other bot let go', async () => !(await ownerOf(turnedToKeep.botId)), WAIT);
      expect(restingAt(turnedToKeep)).toHaveLength(2);
      expect(await statuses(turnedToKeep.botId)).toEqual(['open', 'open']);
    },
    TEST_TIMEOUT_MS,
  );
});
