import {
  type ApiClient,
  seedAccount,
  seedBotState,
  seedPaperBalances,
  seedPosition,
  seedRuntime,
  seedUser,
} from '@platform/testing';
import Redis from 'ioredis';
import type { Client } from 'pg';
import { seedFilledOrders } from '../test-support/bot-activity';
import { createBot, smaCrossBot } from '../test-support/bots';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { writeTickerSnapshot } from '../test-support/market-snapshots';
import { signUpAndSignIn } from '../test-support/users';
import { subscribeWhenReady } from '@platform/redis';

// Bots against a real Postgres and Redis (no bot-worker: the runtime rows a worker would write
// are seeded where a test needs them; the real thing is in e2e/gateway-live.e2e-spec.ts).
describe('bots', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let redisClient: Redis;
  let alice: string;
  let aliceId: string;
  const smaBot = (name: string, extra: Record<string, unknown> = {}) =>
    smaCrossBot(name, { params: { fastPeriod: 5, slowPeriod: 20 }, ...extra });
  const create = (token: string, name: string, extra: Record<string, unknown> = {}) =>
    createBot(api, token, smaBot(name, extra));
  const query = async (text: string, params: unknown[] = []) =>
    (await sql.query(text, params)).rows;

  beforeAll(async () => {
    bed = await startGatewayTestBed({ MARKET_DATA_TIMEOUT_MS: '300' });
    api = bed.api;
    sql = await bed.connectSql();
    redisClient = bed.connectRedis();
    ({ token: alice, id: aliceId } = await signUpAndSignIn(api, 'alice@example.com'));
  });

  afterAll(() => bed?.close());

  describe('POST /bots', () => {
    it('creates a stopped paper bot with the strategy’s defaults filled in', async () => {
      const answer = await api.post('/bots', {
        token: alice,
        body: { ...smaBot('  first  '), symbol: 'eth/usdt' },
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({
        id: expect.any(String),
        name: 'first',
        exchangeId: 'binance',
        symbol: 'ETH/USDT',
        timeframe: '1m',
        strategy: 'sma-cross',
        params: {
          fastPeriod: 5,
          slowPeriod: 20,
          risk: expect.objectContaining({ stakeQuote: 100, maxOpenOrders: 20 }),
        },
        mode: 'paper',
        exchangeAccountId: null,
        placementTag: null,
        cancelOrdersOnStop: true,
        allowSharedAccount: false,
        desiredState: 'stopped',
        lastError: null,
        lastErrorAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        status: { desired: 'stopped', actual: 'stopped', workerId: null, lastTickAt: null },
      });
      const [row] = await query(
        `SELECT user_id, desired_state, deleted_at FROM bots WHERE id = $1`,
        [answer.body.id],
      );
      expect(row).toEqual({ user_id: aliceId, desired_state: 'stopped', deleted_at: null });
    });

    it('400 naming each bad field and why, params by their path (params.slowPeriod)', async () => {
      const answer = await api.post('/bots', {
        token: alice,
        body: {
          name: '',
          exchangeId: 'kraken',
          symbol: 'BTCUSDT',
          timeframe: '7m',
          strategy: 'sma-cross',
          params: { fastPeriod: 5, slowPeriod: 'twenty', risk: { stakeQuote: -1 }, magic: 1 },
          mode: 'paper',
          color: 'red',
        },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'name', message: 'is required' },
          { field: 'exchangeId', message: expect.stringContaining('binance') },
          { field: 'symbol', message: 'must be a unified symbol like BTC/USDT' },
          { field: 'timeframe', message: expect.stringContaining('1m') },
          { field: 'color', message: 'unknown field' },
          { field: 'params.slowPeriod', message: 'must be a number' },
          { field: 'params.risk.stakeQuote', message: 'must be a positive number' },
          { field: 'params.magic', message: 'is not a known parameter' },
        ]),
      );
      const dca = await api.post('/bots', {
        token: alice,
        body: { ...smaBot('dca'), strategy: 'dca', params: { quotePerBuy: 20 } },
      });
      expect(dca.body.errors).toEqual(
        expect.arrayContaining([{ field: 'params.takeProfitPct', message: 'is required' }]),
      );
      const strategy = await api.post('/bots', {
        token: alice,
        body: { ...smaBot('x'), strategy: 'martingale' },
      });
      expect(strategy.body.errors).toEqual([
        { field: 'strategy', message: expect.stringContaining('sma-cross') },
      ]);
      expect(await query(`SELECT 1 FROM bots WHERE name IN ('', 'dca', 'x')`)).toEqual([]);
    });

    it('a live bot needs one of the caller’s exchange accounts', async () => {
      const live = await api.post('/bots', {
        token: alice,
        body: smaBot('live', { mode: 'live' }),
      });
      expect(live.body.errors).toEqual([
        { field: 'exchangeAccountId', message: 'is required for live bots' },
      ]);
      const { id: someoneElses } = await seedAccount(sql, await seedUser(sql));
      const foreign = await api.post('/bots', {
        token: alice,
        body: smaBot('live', { mode: 'live', exchangeAccountId: someoneElses }),
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.errors).toEqual([
        { field: 'exchangeAccountId', message: 'is not one of your exchange accounts' },
      ]);
    });

    it('400 for a period needing more candles than market data keeps, naming the maximum', async () => {
      const answer = await api.post('/bots', {
        token: alice,
        body: smaBot('long', { params: { fastPeriod: 50, slowPeriod: 1000 } }),
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        {
          field: 'params.slowPeriod',
          message: 'must be at most 999: market data keeps at most 1000 candles',
        },
      ]);
    });

    it('a live bot has no paper balance: refused when given, dropped when it goes live', async () => {
      const { token, id: userId } = await signUpAndSignIn(api, 'paper-only@example.com');
      const { id: accountId } = await seedAccount(sql, userId);
      const liveRisk = { stakeQuote: 100, maxOpenOrders: 20 };
      const paperOnly = [
        {
          field: 'params.risk.paperQuoteBalance',
          message: 'applies to paper bots only: a live bot trades its account balance',
        },
      ];
      const withBalance = { fastPeriod: 5, slowPeriod: 20, risk: { paperQuoteBalance: 500 } };
      const live = { mode: 'live', exchangeAccountId: accountId };
      const refused = await api.post('/bots', {
        token,
        body: smaBot('live', { ...live, params: withBalance }),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual(paperOnly);

      const created = await api.post('/bots', { token, body: smaBot('live', live) });
      expect(created.status).toBe(201);
      expect(created.body.params.risk).toEqual(liveRisk);
      const id = created.body.id as string;
      expect(await query(`SELECT params->'risk' AS risk FROM bots WHERE id = $1`, [id])).toEqual([
        { risk: liveRisk },
      ]);
      const patched = await api.patch(`/bots/${id}`, { token, body: { params: withBalance } });
      expect(patched.status).toBe(400);
      expect(patched.body.errors).toEqual(paperOnly);

      // the paper balance comes with paper mode and leaves with it
      const paper = await api.patch(`/bots/${id}`, { token, body: { mode: 'paper' } });
      expect(paper.body.params.risk).toEqual({ ...liveRisk, paperQuoteBalance: 10000 });
      const back = await api.patch(`/bots/${id}`, { token, body: { mode: 'live' } });
      expect(back.status).toBe(200);
      expect(back.body.params.risk).toEqual(liveRisk);
    });

    it('409 for a name the user already uses; another user may use it', async () => {
      await create(alice, 'twin');
      const again = await api.post('/bots', { token: alice, body: smaBot('twin') });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('twin'),
      });
      const bob = await api.signIn('bob-twin@example.com');
      expect((await api.post('/bots', { token: bob, body: smaBot('twin') })).status).toBe(201);
    });
  });

  describe('GET /bots and /bots/:id', () => {
    let token: string;
    const ids: string[] = [];

    beforeAll(async () => {
      token = await api.signIn('lister@example.com');
      for (let i = 0; i < 5; i++) ids.push(await create(token, `bot-${i}`));
    });

    it('lists the caller’s bots newest first, page by page with an opaque cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const answer = await api.get(
          `/bots?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          { token },
        );
        expect(answer.status).toBe(200);
        expect(answer.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...answer.body.items.map((bot: { id: string }) => bot.id));
        cursor = answer.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].reverse());
      const all = await api.get('/bots', { token });
      expect(all.body.nextCursor).toBeNull();
      expect(all.body.items[0].status).toEqual({
        desired: 'stopped',
        actual: 'stopped',
        workerId: null,
        lastTickAt: null,
      });
    });

    it('400 for a bad limit or a cursor it did not issue', async () => {
      for (const [qs, field] of [
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['limit=ten', 'limit'],
        ['limit=1&limit=2', 'limit'],
        ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
        ['cursor=%27%20OR%201%3D1--', 'cursor'],
        ['sort=size', 'sort'],
        ['order=name', 'order'],
      ]) {
        const answer = await api.get(`/bots?${qs}`, { token });
        expect({
          qs,
          status: answer.status,
          fields: answer.body.errors?.map((e: { field: string }) => e.field),
        }).toEqual({
          qs,
          status: 400,
          fields: [field],
        });
      }
    });

    it('GET /bots/:id: 200, 400 for a malformed id, 404 for an unknown one', async () => {
      const answer = await api.get(`/bots/${ids[0]}`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: ids[0], name: 'bot-0' });
      const malformed = await api.get('/bots/42', { token });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
      const unknown = await api.get('/bots/0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e', { token });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('not_found');
    });

    it('GET /bots is JSON with an ETag (304 when unchanged); a write is listed at once', async () => {
      const first = await api.get('/bots', { token });
      expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
      // (fetch adds `cache-control: no-cache` to a conditional request unless it has one)
      const conditional = { 'if-none-match': etag ?? '', 'cache-control': 'max-age=0' };
      const again = await api.get('/bots', { token, headers: conditional });
      expect(again.status).toBe(304);
      // the write bumps the user's bots version: the cached page is not served any more
      const renamed = await api.patch(`/bots/${ids[0]}`, { token, body: { name: 'bot-0b' } });
      expect(renamed.status).toBe(200);
      const after = await api.get('/bots', { token, headers: conditional });
      expect(after.status).toBe(200);
      expect(after.body.items.map((bot: { name: string }) => bot.name)).toContain('bot-0b');
      const me = (await api.get('/auth/me', { token })).body.id;
      expect(await redisClient.pttl(`gw:bots-version:${me}`)).toBeGreaterThan(3600_000);
      await api.patch(`/bots/${ids[0]}`, { token, body: { name: 'bot-0' } });
    });

    it('the page matches what the single-bot route says, timestamps to the millisecond', async () => {
      const [listed] = (await api.get('/bots?limit=1', { token })).body.items;
      const single = (await api.get(`/bots/${listed.id}`, { token })).body;
      expect(listed).toEqual(single);
      const [row] = await query(`SELECT created_at, updated_at FROM bots WHERE id = $1`, [
        listed.id,
      ]);
      expect(listed.createdAt).toBe((row.created_at as Date).toISOString());
      expect(listed.updatedAt).toBe((row.updated_at as Date).toISOString());
    });
  });

  describe('PATCH /bots/:id', () => {
    it('while it runs only the name changes; anything else is 409 "stop the bot first"', async () => {
      const token = await api.signIn('patcher@example.com');
      const id = await create(token, 'patched');
      expect((await api.post(`/bots/${id}/start`, { token })).status).toBe(200);
      const renamed = await api.patch(`/bots/${id}`, { token, body: { name: 'renamed' } });
      expect(renamed.status).toBe(200);
      expect(renamed.body.name).toBe('renamed');
      for (const body of [
        { params: { fastPeriod: 3, slowPeriod: 10 } },
        { symbol: 'ETH/USDT' },
        { timeframe: '1h' },
        { placementTag: 'region=sp' },
      ]) {
        const refused = await api.patch(`/bots/${id}`, { token, body });
        expect(refused.status).toBe(409);
        expect(refused.body).toMatchObject({
          code: 'conflict',
          message: expect.stringContaining('stop the bot first'),
        });
      }
      // the same params as now are no change
      const same = await api.patch(`/bots/${id}`, {
        token,
        body: { params: renamed.body.params },
      });
      expect(same.status).toBe(200);

      expect((await api.post(`/bots/${id}/stop`, { token })).status).toBe(200);
      const bad = await api.patch(`/bots/${id}`, {
        token,
        body: { params: { fastPeriod: 30, slowPeriod: 10 } },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([
        { field: 'params.fastPeriod', message: 'fastPeriod must be less than slowPeriod' },
      ]);
      await seedBotState(sql, id, { orderSeq: 7, strategyState: { x: 1 } });
      const changed = await api.patch(`/bots/${id}`, {
        token,
        body: {
          strategy: 'dca',
          params: { quotePerBuy: 20, intervalSeconds: 60, takeProfitPct: 5 },
          timeframe: '1h',
          placementTag: 'region=sp',
        },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        strategy: 'dca',
        timeframe: '1h',
        placementTag: 'region=sp',
        params: { quotePerBuy: 20, intervalSeconds: 60, takeProfitPct: 5 },
      });
      expect(
        await query(`SELECT order_seq, strategy_state FROM bot_state WHERE bot_id = $1`, [id]),
      ).toEqual([{ order_seq: '7', strategy_state: null }]);
      const strategyOnly = await api.patch(`/bots/${id}`, { token, body: { strategy: 'grid' } });
      expect(strategyOnly.status).toBe(400);
      expect(strategyOnly.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^params\./)]),
      );
    });

    it('400 for an empty or unknown change, live without an account; 409 for a taken name', async () => {
      const token = await api.signIn('patcher2@example.com');
      const id = await create(token, 'one');
      await create(token, 'two');
      expect((await api.patch(`/bots/${id}`, { token, body: {} })).body.errors).toEqual([
        { field: 'body', message: 'change at least one field' },
      ]);
      expect(
        (await api.patch(`/bots/${id}`, { token, body: { userId: aliceId } })).body.errors,
      ).toEqual([{ field: 'userId', message: 'unknown field' }]);
      expect(
        (await api.patch(`/bots/${id}`, { token, body: { mode: 'live' } })).body.errors,
      ).toEqual([{ field: 'exchangeAccountId', message: 'is required for live bots' }]);
      const taken = await api.patch(`/bots/${id}`, { token, body: { name: 'two' } });
      expect(taken.status).toBe(409);
    });

    it('409 when the market or money changes under a position', async () => {
      const token = await api.signIn('holder@example.com');
      const id = await create(token, 'holding');
      await seedPosition(sql, id, { baseAmount: '0.5', averageEntry: '100' });
      const answer = await api.patch(`/bots/${id}`, { token, body: { symbol: 'ETH/USDT' } });
      expect(answer.status).toBe(409);
      expect(answer.body.message).toContain('position');
      expect((await api.patch(`/bots/${id}`, { token, body: { timeframe: '5m' } })).status).toBe(
        200,
      );
    });
  });

  describe('DELETE /bots/:id', () => {
    it('soft-deletes: stops it, keeps its history, frees its name; then 404', async () => {
      const token = await api.signIn('deleter@example.com');
      const id = await create(token, 'doomed');
      await api.post(`/bots/${id}/start`, { token });
      expect((await api.delete(`/bots/${id}`, { token })).status).toBe(204);
      const [row] = await query(`SELECT desired_state, deleted_at FROM bots WHERE id = $1`, [id]);
      expect(row.desired_state).toBe('stopped');
      expect(row.deleted_at).toBeInstanceOf(Date);
      expect(
        (await query(`SELECT type FROM bot_events WHERE bot_id = $1 ORDER BY id`, [id])).map(
          (r) => r.type,
        ),
      ).toEqual(['bot.started', 'bot.deleted']);
      for (const [method, path] of [
        ['GET', `/bots/${id}`],
        ['DELETE', `/bots/${id}`],
        ['POST', `/bots/${id}/start`],
        ['GET', `/bots/${id}/events`],
      ])
        expect((await api.call(method, path, { token })).status).toBe(404);
      expect((await api.get('/bots', { token })).body.items).toEqual([]);
      expect((await api.post('/bots', { token, body: smaBot('doomed') })).status).toBe(201);
    });
  });

  describe('start and stop', () => {
    it('start: desired running, last error cleared, a bot.started event without a fencing token, a bots.changed hint', async () => {
      const token = await api.signIn('starter@example.com');
      const id = await create(token, 'starter');
      await sql.query(
        `UPDATE bots SET last_error = 'insufficient funds', last_error_at = now() WHERE id = $1`,
        [id],
      );
      const hints: string[] = [];
      const listener = new Redis(bed.redis.url);
      await subscribeWhenReady(listener, { channels: ['bots.changed'] });
      listener.on('message', (_channel, message) => hints.push(message));
      try {
        const answer = await api.post(`/bots/${id}/start`, { token });
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({
          desiredState: 'running',
          lastError: null,
          status: { desired: 'running', actual: 'starting' },
        });
        const again = await api.post(`/bots/${id}/start`, { token });
        expect(again.status).toBe(200);
        const stopped = await api.post(`/bots/${id}/stop`, { token });
        expect(stopped.body).toMatchObject({
          desiredState: 'stopped',
          status: { actual: 'stopped' },
        });
        expect((await api.post(`/bots/${id}/stop`, { token })).status).toBe(200);
        const events = await query(
          `SELECT type, fence_token, data FROM bot_events WHERE bot_id = $1 ORDER BY id`,
          [id],
        );
        expect(events).toEqual([
          { type: 'bot.started', fence_token: null, data: { by: 'api' } },
          { type: 'bot.stopped', fence_token: null, data: { by: 'api' } },
        ]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const parsed = hints.map((h) => JSON.parse(h).data);
        expect(parsed).toEqual([
          { botIds: [id], reason: 'started' },
          { botIds: [id], reason: 'stopped' },
        ]);
      } finally {
        listener.disconnect();
      }
    });

    it('a live bot starts only with a verified account: 409 account_not_verified', async () => {
      const { token, id: userId } = await signUpAndSignIn(api, 'live-starter@example.com');
      const { id: accountId } = await seedAccount(sql, userId);
      const id = await create(token, 'live', { mode: 'live', exchangeAccountId: accountId });
      const refused = await api.post(`/bots/${id}/start`, { token });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'account_not_verified',
        message: expect.stringContaining('verify'),
      });
      await sql.query(`UPDATE exchange_accounts SET verified_at = now() WHERE id = $1`, [
        accountId,
      ]);
      expect((await api.post(`/bots/${id}/start`, { token })).status).toBe(200);
    });

    it('the (max+1)-th start is 403 plan_limit naming the limit; stopping one frees a slot', async () => {
      const token = await api.signIn('planner@example.com');
      const ids = [await create(token, 'p1'), await create(token, 'p2'), await create(token, 'p3')];
      expect((await api.post(`/bots/${ids[0]}/start`, { token })).status).toBe(200);
      expect((await api.post(`/bots/${ids[1]}/start`, { token })).status).toBe(200);
      const third = await api.post(`/bots/${ids[2]}/start`, { token });
      expect(third.status).toBe(403);
      expect(third.body).toMatchObject({
        code: 'plan_limit',
        message: expect.stringContaining('free plan allows 2 running bots'),
      });
      expect((await api.get(`/bots/${ids[2]}`, { token })).body.desiredState).toBe('stopped');
      await api.post(`/bots/${ids[0]}/stop`, { token });
      expect((await api.post(`/bots/${ids[2]}/start`, { token })).status).toBe(200);
    });

    it('concurrent starts never exceed the limit', async () => {
      const { token, id: userId } = await signUpAndSignIn(api, 'racer@example.com');
      await sql.query(
        `UPDATE subscriptions SET plan = 'pro', max_running_bots = 3 WHERE user_id = $1`,
        [userId],
      );
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push(await create(token, `race-${i}`));
      const answers = await Promise.all(ids.map((id) => api.post(`/bots/${id}/start`, { token })));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 200, 200, 403, 403, 403, 403, 403, 403, 403]);
      const [{ count }] = await query(
        `SELECT count(*)::int AS count FROM bots WHERE user_id = $1 AND desired_state = 'running'`,
        [userId],
      );
      expect(count).toBe(3);
    });
  });

  describe('status, orders, trades, events, balances', () => {
    let token: string;
    let id: string;

    beforeAll(async () => {
      token = await api.signIn('watcher@example.com');
      id = await create(token, 'watched');
      await api.post(`/bots/${id}/start`, { token });
      await seedRuntime(sql, id, {
        workerId: 'worker-7',
        host: 'notebook-sp',
        claimedSecondsAgo: 60,
      });
      await seedPosition(sql, id, {
        baseAmount: '0.5',
        averageEntry: '30000',
        realizedPnl: '12.5',
        feesQuote: '0.3',
        tradesCount: 4,
      });
      await seedPaperBalances(sql, id, { USDT: { free: '9000', used: '100' }, BTC: '0.5' });
      await seedFilledOrders(sql, id, 7);
    });

    it('status: running on its worker, position, unrealized profit at the snapshot price, paper balances', async () => {
      await writeTickerSnapshot(redisClient, 'BTC/USDT', '31000.5');
      const answer = await api.get(`/bots/${id}/status`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        botId: id,
        desiredState: 'running',
        actualState: 'running',
        worker: {
          id: 'worker-7',
          host: 'notebook-sp',
          claimedAt: expect.any(String),
          lastTickAt: expect.any(String),
        },
        position: {
          base: '0.5',
          averageEntry: '30000',
          realizedProfit: '12.5',
          feesQuote: '0.3',
          tradesCount: 4,
        },
        price: { last: '31000.5', fetchedAt: expect.any(String) },
        unrealizedProfit: '500.25',
        paperBalances: {
          BTC: { free: '0.5', used: '0', total: '0.5' },
          USDT: { free: '9000', used: '100', total: '9100' },
        },
        lastError: null,
        lastErrorAt: null,
      });
    });

    it('status without a price (no snapshot, no market-data) is still 200, with a null price', async () => {
      await redisClient.del('md:ticker:binance:BTC/USDT');
      await sql.query(
        `UPDATE bot_runtime SET last_tick_at = now() - interval '1 minute' WHERE bot_id = $1`,
        [id],
      );
      const answer = await api.get(`/bots/${id}/status`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        actualState: 'starting',
        worker: null,
        price: null,
        unrealizedProfit: null,
      });
      await sql.query(`UPDATE bot_runtime SET last_tick_at = now() WHERE bot_id = $1`, [id]);
    });

    it('a bot the engine stopped with an error shows it', async () => {
      const other = await create(token, 'failed');
      await sql.query(
        `UPDATE bots SET last_error = 'the exchange refused the API key', last_error_at = now() WHERE id = $1`,
        [other],
      );
      const answer = await api.get(`/bots/${other}/status`, { token });
      expect(answer.body).toMatchObject({
        actualState: 'error',
        lastError: 'the exchange refused the API key',
        lastErrorAt: expect.any(String),
      });
    });

    it('orders and trades: newest first, pages of `limit`, `cursor` from nextCursor', async () => {
      for (const [path, key] of [
        ['orders', 'clientOrderId'],
        ['trades', 'exchangeTradeId'],
      ]) {
        const first = await api.get(`/bots/${id}/${path}?limit=3`, { token });
        expect(first.status).toBe(200);
        const seen = first.body.items.map((item: Record<string, string>) => item[key]);
        let cursor = first.body.nextCursor;
        while (cursor) {
          const next = await api.get(`/bots/${id}/${path}?limit=3&cursor=${cursor}`, { token });
          seen.push(...next.body.items.map((item: Record<string, string>) => item[key]));
          cursor = next.body.nextCursor;
        }
        const prefix = path === 'orders' ? 'c-' : 't-';
        expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `${prefix}${i}`));
      }
      const order = (await api.get(`/bots/${id}/orders?limit=1`, { token })).body.items[0];
      expect(order).toMatchObject({ side: 'buy', type: 'market', amount: '0.1', status: 'filled' });
    });

    it('events: the audit trail, newest first; 400 for a cursor of another kind', async () => {
      const events = await api.get(`/bots/${id}/events?limit=1`, { token });
      expect(events.body.items).toEqual([
        expect.objectContaining({ type: 'bot.started', message: 'started through the API' }),
      ]);
      const ordersCursor = (await api.get(`/bots/${id}/orders?limit=1`, { token })).body.nextCursor;
      const mixed = await api.get(`/bots/${id}/events?cursor=${ordersCursor}`, { token });
      expect(mixed.status).toBe(400);
      expect(mixed.body.errors).toEqual([
        { field: 'cursor', message: expect.stringContaining('cursor') },
      ]);
      const limit = await api.get(`/bots/${id}/trades?limit=500`, { token });
      expect(limit.body.errors).toEqual([
        { field: 'limit', message: 'must be a whole number from 1 to 200' },
      ]);
    });

    it('balances of a paper bot are its own ledger', async () => {
      const answer = await api.get(`/bots/${id}/balances`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        botId: id,
        source: 'paper',
        balances: {
          BTC: { free: '0.5', used: '0', total: '0.5' },
          USDT: { free: '9000', used: '100', total: '9100' },
        },
        fetchedAt: expect.any(String),
      });
    });
  });

  it('every bot route answers 401 without a session', async () => {
    const id = '0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e';
    for (const [method, path] of [
      ['POST', '/bots'],
      ['GET', '/bots'],
      ['GET', `/bots/${id}`],
      ['PATCH', `/bots/${id}`],
      ['DELETE', `/bots/${id}`],
      ['POST', `/bots/${id}/start`],
      ['POST', `/bots/${id}/stop`],
      ['GET', `/bots/${id}/status`],
      ['GET', `/bots/${id}/orders`],
      ['GET', `/bots/${id}/trades`],
      ['GET', `/bots/${id}/events`],
      ['GET', `/bots/${id}/balances`],
    ]) {
      const answer = await api.call(method, path, { body: method === 'GET' ? undefined : {} });
      expect({ method, path, status: answer.status, code: answer.body.code }).toEqual({
        method,
        path,
        status: 401,
        code: 'unauthenticated',
      });
    }
  });
});
