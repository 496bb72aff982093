import { randomBytes } from 'node:crypto';
import { KeyRing } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  longestHeartbeatGaps,
  OwnershipAudit,
  type TestDatabase,
  TestSentinelGroup,
  waitFor,
  waitForStatus,
} from '@platform/testing';
import { Client } from 'pg';
import { type RunningService, startService } from './support/cluster';
import { type LiveBot, seedLiveBot, simOrdersOf } from './support/trading';

// REDIS_URL naming a Sentinel group (a master, a replica, three sentinels): a gateway,
// market-data and a bot-worker run on it with live DCA bots on the exchange simulator; the
// master is killed (SIGKILL) and the sentinels promote the replica. The cluster carries on:
// a session made before the crash still signs requests in (it had reached the replica), every
// bot ticks again, no write under an old fence token was accepted, and no order was sent twice.
describe('Redis Sentinel failover under running bots', () => {
  const BOTS = 3;
  const SYMBOL = 'BTC/USDT';
  const LEASE_TTL_MS = 2000;
  // a market buy of 15 USDT every 2 s; the take profit is never reached at a fixed price
  const PARAMS = { quotePerBuy: 15, intervalSeconds: 2, takeProfitPct: 500 };
  const WAIT = { timeoutMs: 60_000, intervalMs: 250 };

  let db: TestDatabase;
  let group: TestSentinelGroup;
  let sim: ExchangeSimulator;
  let sql: Client;
  let audit: OwnershipAudit;
  const bots: (LiveBot & { apiKey: string })[] = [];
  const services: RunningService[] = [];
  let gateway: RunningService;
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;

  const filledOrders = async (since = new Date(0)) =>
    (
      await sql.query<{ bot_id: string; n: string }>(
        `SELECT bot_id, count(*) AS n FROM orders
          WHERE bot_id = ANY($1::uuid[]) AND status = 'filled' AND created_at > $2 GROUP BY bot_id`,
        [bots.map((b) => b.botId), since],
      )
    ).rows;
  const everyBotFilled = async (since?: Date) => (await filledOrders(since)).length === BOTS;
  const outputs = () =>
    services
      .map((s) => `--- ${s.process.service} ---\n${s.process.output.slice(-3000)}`)
      .join('\n');
  const explained = async <T>(step: Promise<T>): Promise<T> =>
    step.catch((error: Error) => {
      throw new Error(`${error.message}\n${outputs()}\n${group.describe()}`);
    });

  beforeAll(async () => {
    [db, group, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestSentinelGroup.start(),
      ExchangeSimulator.start({
        port: 0,
        seed: 23,
        clockSpeed: 0,
      }),
    ]);
    sim.setPrice(SYMBOL, 30_000);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    audit = await OwnershipAudit.connect(db.url);
    const ring = KeyRing.parse(encryptionKeys);
    for (let i = 0; i < BOTS; i++) {
      const credentials = sim.createApiKey({ balances: { USDT: '100000' } });
      const bot = await seedLiveBot(db.url, { ring, credentials, strategy: 'dca', params: PARAMS });
      bots.push({ ...bot, apiKey: credentials.apiKey });
    }
    const deps = { databaseUrl: db.url, redisUrl: group.url };
    const exchange = { EXCHANGE_BASE_URLS: `binance=${sim.url}`, ENCRYPTION_KEYS: encryptionKeys };
    const started = await Promise.all([
      startService('market-data', deps, {
        ...exchange,
        POLL_INTERVAL_MS: '500',
        FEED_REFRESH_MS: '500',
        FEED_LEASE_TTL_MS: '3000',
        CANDLE_REFRESH_MS: '60000', // DCA needs no candles
      }),
      startService('bot-worker', deps, {
        ...exchange,
        LEASE_TTL_MS: String(LEASE_TTL_MS),
        RECONCILE_INTERVAL_MS: '300',
        BOT_TICK_INTERVAL_MS: '250',
        LATE_ORDER_WINDOW_MS: '2000',
        MARKET_STALE_AFTER_MS: '10000',
      }),
      startService('api-gateway', deps, { ENCRYPTION_KEYS: encryptionKeys }),
    ]);
    services.push(...started);
    gateway = started[2];
    await explained(
      Promise.all(services.map((s) => waitForStatus(s.url('/health/ready'), 200, 60_000))),
    );
  }, 150_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.process.kill()));
    await sql?.end();
    await audit?.close();
    await sim?.stop();
    await group?.stop();
    await db?.drop();
  }, 60_000);

  it('keeps sessions, re-claims every bot, accepts no stale write and sends no order twice', async () => {
    const api = new ApiClient(gateway.baseUrl);
    const token = await api.signIn('sentinel@example.com');
    await explained(waitFor('every bot to fill an order', () => everyBotFilled(), WAIT));

    // What a session is worth after a failover depends on replication having carried it: look
    // at the replica for it (asynchronous replication; sub-millisecond on one machine).
    const replicaHasSessions = await group.replicaHoldsKeys('gw:session:*');

    const killedAt = new Date();
    const oldPort = await group.killMaster();
    await explained(group.waitForNewMaster(oldPort));
    const promotedAt = new Date();
    const promotedMs = promotedAt.getTime() - killedAt.getTime();

    // every bot trades again after the failover (a new filled order each)
    await explained(waitFor('every bot to fill again', () => everyBotFilled(killedAt), WAIT));
    const settledAt = new Date();
    await explained(
      Promise.all(services.map((s) => waitForStatus(s.url('/health/ready'), 200, 30_000))),
    );

    // the session made before the crash still signs requests in
    const me = await api.get('/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('sentinel@example.com');

    // fencing held: no heartbeat or write under a token older than the newest claim
    expect(await audit.staleWritesAccepted()).toBe(0);

    // no order twice: one POST per exchange order, one client order id each, each recorded once
    const atExchange = bots.flatMap((b) => simOrdersOf(sim, b.apiKey));
    const posts = bots.flatMap((b) =>
      sim.requests({ path: '/api/v3/order', method: 'POST', apiKey: b.apiKey }),
    );
    const clientIds = atExchange.map((o) => o.clientOrderId);
    expect(new Set(clientIds).size).toBe(atExchange.length);
    expect(posts).toHaveLength(atExchange.length);
    const { rows: recorded } = await sql.query<{ client_order_id: string; n: string }>(
      `SELECT client_order_id, count(*) AS n FROM orders WHERE client_order_id = ANY($1) GROUP BY 1`,
      [clientIds],
    );
    expect(recorded).toHaveLength(atExchange.length);
    expect(recorded.every((r) => r.n === '1')).toBe(true);

    // every bot is held again: it ticks (fenced heartbeats) after the promotion; the lease
    // session (TTL 2 s) does not outlive a failover this long, so they are claimed anew
    const { rows: held } = await sql.query<{ bot_id: string; reclaimed: boolean }>(
      `SELECT b.id AS bot_id,
              EXISTS (SELECT 1 FROM bot_events e WHERE e.bot_id = b.id AND e.type = 'bot.claimed'
                         AND e.created_at > $2) AS reclaimed
         FROM bots b
        WHERE b.id = ANY($1::uuid[])
          AND EXISTS (SELECT 1 FROM bot_heartbeats h WHERE h.bot_id = b.id AND h.at > $2)`,
      [bots.map((b) => b.botId), promotedAt],
    );
    expect(held).toHaveLength(BOTS);
    const reclaimed = held.filter((h) => h.reclaimed).length;

    // figures: how long the bots went without an owner acting
    const gaps = await longestHeartbeatGaps(
      audit,
      bots.map((b) => b.botId),
      new Date(killedAt.getTime() - LEASE_TTL_MS),
      settledAt,
    );
    const worst = Math.max(...[...gaps.values()].map((g) => g.gapMs));
    // each bot's first heartbeat under its new claim (a bot whose lease outlived the failover
    // was never stopped: it counts as at once)
    const { rows: back } = await sql.query<{ back_ms: string | null }>(
      `SELECT round(extract(epoch FROM (
                SELECT min(h.at) FROM bot_heartbeats h
                 WHERE h.bot_id = b.id AND h.at >= (
                   SELECT min(e.created_at) FROM bot_events e
                    WHERE e.bot_id = b.id AND e.type = 'bot.claimed' AND e.created_at > $2))
              - $2::timestamptz) * 1000)::text AS back_ms
         FROM bots b WHERE b.id = ANY($1::uuid[])`,
      [bots.map((b) => b.botId), killedAt],
    );
    const allBackMs = Math.max(0, ...back.map((r) => Number(r.back_ms ?? 0)));
    process.stdout.write(
      `sentinel failover: replica had the sessions before the crash: ${replicaHasSessions}; ` +
        `replica promoted after ${promotedMs} ms; every bot held and ticking again ${allBackMs} ms ` +
        `after the master was killed; longest heartbeat gap per bot ${[...gaps.values()]
          .map((g) => g.gapMs)
          .join(
            '/',
          )} ms (max ${worst}, lease TTL ${LEASE_TTL_MS}); ${reclaimed}/${BOTS} bots claimed anew; orders at the exchange ` +
        `${atExchange.length}, duplicates ${atExchange.length - new Set(clientIds).size}; stale writes 0\n`,
    );
  }, 150_000);
});
