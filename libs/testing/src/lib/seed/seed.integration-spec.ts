import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client, Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { workspaceRoot } from '../workspace-root';
import { seedAccount } from './accounts';
import { seedBotState, seedPaperBalances, seedPosition } from './bot-books';
import { seedBot, seedBots } from './bots';
import { seedRuntime } from './runtime';
import type { SeedDb } from './seed-db';
import { seedBotEvent, seedOrder, seedTrade } from './trading';
import { seedUser } from './users';

// The schema as `npm run db:migrate` makes it: this lib may not import @platform/persistence,
// whose own specs use it.
const migrate = (url: string) =>
  promisify(execFile)(process.execPath, ['tools/scripts/run-ts.mjs', 'tools/db/db.ts', 'migrate'], {
    cwd: workspaceRoot(),
    env: { ...process.env, DATABASE_URL: url },
  });

describe('seed builders', () => {
  let db: TestDatabase;
  let sql: Client;
  const row = async (text: string, params: unknown[] = []) =>
    (await sql.query(text, params)).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase(migrate);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  describe('seedUser', () => {
    it('defaults: a unique email, role user, no subscription', async () => {
      const [a, b] = [await seedUser(sql), await seedUser(sql)];
      expect(a.email).toMatch(/^user-[0-9a-f]+@example\.com$/);
      expect(b.email).not.toBe(a.email);
      expect(await row(`SELECT role, password_hash FROM users WHERE id = $1`, [a.id])).toEqual({
        role: 'user',
        password_hash: 'h',
      });
      expect(
        await row(`SELECT count(*)::int AS n FROM subscriptions WHERE user_id = $1`, [a.id]),
      ).toEqual({ n: 0 });
    });

    it('an email, role, password hash and plan as given', async () => {
      const validUntil = new Date('2030-01-01T00:00:00Z');
      const user = await seedUser(sql, {
        email: 'given@example.com',
        role: 'admin',
        passwordHash: 'kept-hash',
        plan: {
          plan: 'pro',
          maxRunningBots: 20,
          maxBots: 100,
          maxExchangeAccounts: 10,
          validUntil,
        },
      });
      expect(user.email).toBe('given@example.com');
      expect(await row(`SELECT role, password_hash FROM users WHERE id = $1`, [user.id])).toEqual({
        role: 'admin',
        password_hash: 'kept-hash',
      });
      expect(
        await row(
          `SELECT plan, max_running_bots, max_bots, max_exchange_accounts, valid_until
             FROM subscriptions WHERE user_id = $1`,
          [user.id],
        ),
      ).toEqual({
        plan: 'pro',
        max_running_bots: 20,
        max_bots: 100,
        max_exchange_accounts: 10,
        valid_until: validUntil,
      });
    });
  });

  describe('seedAccount', () => {
    it('defaults: binance, a unique label, unverified, a placeholder key', async () => {
      const user = await seedUser(sql);
      const account = await seedAccount(sql, user);
      const other = await seedAccount(sql, user.id);
      expect(account).toMatchObject({ userId: user.id, exchangeId: 'binance' });
      expect(account.label).toMatch(/^account-[0-9a-f]+$/);
      expect(other.label).not.toBe(account.label);
      expect(
        await row(
          `SELECT verified_at, encryption_key_id, api_key_masked FROM exchange_accounts WHERE id = $1`,
          [account.id],
        ),
      ).toEqual({ verified_at: null, encryption_key_id: 'k1', api_key_masked: 'abcd...wxyz' });
    });

    it('verified, with the key sealed for its own id', async () => {
      const user = await seedUser(sql);
      const sealedFor = jest.fn((id: string) => ({
        keyId: 'k2',
        ciphertext: Buffer.from(`sealed for ${id}`),
        apiKeyMasked: 'AKIA...WXYZ',
      }));
      const account = await seedAccount(sql, user, { label: 'main', verified: true, sealedFor });
      expect(sealedFor).toHaveBeenCalledWith(account.id);
      const stored = await row(
        `SELECT label, verified_at IS NOT NULL AS verified, encryption_key_id,
                convert_from(credentials_ciphertext, 'UTF8') AS sealed, api_key_masked
           FROM exchange_accounts WHERE id = $1`,
        [account.id],
      );
      expect(stored).toEqual({
        label: 'main',
        verified: true,
        encryption_key_id: 'k2',
        sealed: `sealed for ${account.id}`,
        api_key_masked: 'AKIA...WXYZ',
      });
    });
  });

  describe('seedBot', () => {
    it('defaults: paper sma-cross on binance BTC/USDT 1m, in the state asked, created now', async () => {
      const user = await seedUser(sql);
      const bot = await seedBot(sql, { user, state: 'running' });
      expect(bot).toMatchObject({
        userId: user.id,
        exchangeAccountId: null,
        exchangeId: 'binance',
        symbol: 'BTC/USDT',
        strategy: 'sma-cross',
        mode: 'paper',
      });
      expect(bot.name).toMatch(/^bot-[0-9a-f]+-0$/);
      expect(
        await row(
          `SELECT timeframe, params, desired_state, placement_tag, cancel_orders_on_stop,
                  fence_token::int, last_error, last_error_at, deleted_at,
                  abs(extract(epoch FROM now() - created_at)) < 5 AS created_now
             FROM bots WHERE id = $1`,
          [bot.id],
        ),
      ).toEqual({
        timeframe: '1m',
        params: {},
        desired_state: 'running',
        placement_tag: null,
        cancel_orders_on_stop: true,
        fence_token: 0,
        last_error: null,
        last_error_at: null,
        deleted_at: null,
        created_now: true,
      });
    });

    it('on an account: live, owned by the account’s user unless given', async () => {
      const user = await seedUser(sql);
      const account = await seedAccount(sql, user, { verified: true });
      const bot = await seedBot(sql, { account, state: 'stopped' });
      expect(bot).toMatchObject({ userId: user.id, exchangeAccountId: account.id, mode: 'live' });
    });

    it('every field as given', async () => {
      const user = await seedUser(sql);
      const bot = await seedBot(sql, {
        user: user.id,
        name: 'given',
        exchangeId: 'binance',
        symbol: 'ETH/USDT',
        timeframe: '5m',
        strategy: 'dca',
        params: { quotePerBuy: 20 },
        mode: 'paper',
        state: 'stopped',
        placementTag: 'region=sp',
        cancelOrdersOnStop: false,
        lastError: 'keys refused',
        secondsAgo: 3600,
      });
      expect(
        await row(
          `SELECT name, symbol, timeframe, strategy, params, desired_state, placement_tag,
                  cancel_orders_on_stop, last_error, last_error_at IS NOT NULL AS error_stamped,
                  round(extract(epoch FROM now() - created_at))::int AS age
             FROM bots WHERE id = $1`,
          [bot.id],
        ),
      ).toEqual({
        name: 'given',
        symbol: 'ETH/USDT',
        timeframe: '5m',
        strategy: 'dca',
        params: { quotePerBuy: 20 },
        desired_state: 'stopped',
        placement_tag: 'region=sp',
        cancel_orders_on_stop: false,
        last_error: 'keys refused',
        error_stamped: true,
        age: 3600,
      });
    });

    it('refuses a bot without a user or an account', async () => {
      await expect(seedBot(sql, { state: 'stopped' })).rejects.toThrow(/user or an account/);
    });
  });

  describe('seedBots', () => {
    it('12,000 bots in three statements, per-bot fields from the index, in index order', async () => {
      const user = await seedUser(sql);
      const statements: string[] = [];
      const counting: SeedDb = {
        query: (text, params) => {
          statements.push(text);
          return sql.query(text, params);
        },
      };
      const symbols = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
      const bots = await seedBots(counting, 12_000, {
        user,
        state: 'running',
        name: (n) => `bulk ${n}`,
        symbol: (n) => symbols[n % symbols.length],
        strategy: (n) => (n % 2 ? 'rsi-reversion' : 'sma-cross'),
        params: (n) => ({ period: n }),
      });
      expect(statements).toHaveLength(3);
      expect(bots).toHaveLength(12_000);
      expect(bots.slice(0, 4).map((b) => [b.name, b.symbol, b.strategy])).toEqual([
        ['bulk 0', 'BTC/USDT', 'sma-cross'],
        ['bulk 1', 'ETH/USDT', 'rsi-reversion'],
        ['bulk 2', 'SOL/USDT', 'sma-cross'],
        ['bulk 3', 'BTC/USDT', 'rsi-reversion'],
      ]);
      expect(bots[11_999].name).toBe('bulk 11999');
      expect(
        await row(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE desired_state = 'running')::int AS running,
                  count(*) FILTER (WHERE (params->>'period')::int = substr(name, 6)::int)::int AS own_params
             FROM bots WHERE user_id = $1`,
          [user.id],
        ),
      ).toEqual({ n: 12_000, running: 12_000, own_params: 12_000 });
    }, 60_000);

    it('default names stay apart within a call and across calls for one user', async () => {
      const user = await seedUser(sql);
      const first = await seedBots(sql, 3, { user, state: 'stopped' });
      const second = await seedBots(sql, 3, { user, state: 'stopped' });
      const names = [...first, ...second].map((bot) => bot.name);
      expect(new Set(names).size).toBe(6);
      expect(names[2]).toMatch(/^bot-[0-9a-f]+-2$/);
    });

    it('ages per bot: bot n created n seconds ago', async () => {
      const user = await seedUser(sql);
      await seedBots(sql, 3, { user, state: 'stopped', secondsAgo: (n) => n * 60 });
      const { rows } = await sql.query(
        `SELECT round(extract(epoch FROM now() - created_at) / 60)::int AS minutes
           FROM bots WHERE user_id = $1 ORDER BY created_at DESC`,
        [user.id],
      );
      expect(rows.map((r) => r.minutes)).toEqual([0, 1, 2]);
    });
  });

  describe('orders, trades, events', () => {
    it('seedOrder: a filled market buy of 0.1 on the bot’s exchange, symbol and mode', async () => {
      const bot = await seedBot(sql, {
        user: await seedUser(sql),
        symbol: 'ETH/USDT',
        state: 'running',
      });
      const order = await seedOrder(sql, bot);
      expect(order).toMatchObject({ botId: bot.id, side: 'buy', amount: '0.1', status: 'filled' });
      expect(
        await row(
          `SELECT client_order_id, fence_token::int, exchange_id, symbol, mode, exchange_account_id,
                  type, price, filled::text, exchange_order_id
             FROM orders WHERE id = $1`,
          [order.id],
        ),
      ).toEqual({
        client_order_id: expect.stringMatching(/^seed-[0-9a-f]+$/),
        fence_token: 1,
        exchange_id: 'binance',
        symbol: 'ETH/USDT',
        mode: 'paper',
        exchange_account_id: null,
        type: 'market',
        price: null,
        filled: '0.1',
        exchange_order_id: null,
      });
    });

    it('seedOrder: a live bot’s order carries its account; an intent has filled nothing', async () => {
      const account = await seedAccount(sql, await seedUser(sql), { verified: true });
      const bot = await seedBot(sql, { account, state: 'running' });
      const intent = await seedOrder(sql, bot.id, {
        clientOrderId: 'c-intent',
        status: 'intent',
        side: 'sell',
        type: 'limit',
        amount: '2',
        price: '100',
        secondsAgo: 90,
      });
      expect(
        await row(
          `SELECT client_order_id, mode, exchange_account_id, side, type, amount::text, price::text,
                  filled::text, status, round(extract(epoch FROM now() - created_at))::int AS age
             FROM orders WHERE id = $1`,
          [intent.id],
        ),
      ).toEqual({
        client_order_id: 'c-intent',
        mode: 'live',
        exchange_account_id: account.id,
        side: 'sell',
        type: 'limit',
        amount: '2',
        price: '100',
        filled: '0',
        status: 'intent',
        age: 90,
      });
      await expect(seedOrder(sql, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(
        /no bot/,
      );
    });

    it('seedTrade: a fill of the order, its side and filled amount by default', async () => {
      const bot = await seedBot(sql, { user: await seedUser(sql), state: 'running' });
      const order = await seedOrder(sql, bot, {
        side: 'sell',
        amount: '1',
        filled: '0.4',
        status: 'partially_filled',
      });
      const fill = await seedTrade(sql, order);
      const given = await seedTrade(sql, order, {
        exchangeTradeId: 't-2',
        price: '31000',
        amount: '0.1',
        fee: '0.01',
        feeCurrency: 'USDT',
        secondsAgo: 30,
      });
      const trade = (id: string) =>
        row(
          `SELECT bot_id, exchange_trade_id, side, price::text, amount::text, fee::text, fee_currency,
                  round(extract(epoch FROM now() - executed_at))::int AS age
             FROM trades WHERE id = $1`,
          [id],
        );
      expect(await trade(fill.id)).toEqual({
        bot_id: bot.id,
        exchange_trade_id: expect.stringMatching(/^seed-/),
        side: 'sell',
        price: '30000',
        amount: '0.4',
        fee: '0',
        fee_currency: null,
        age: 0,
      });
      expect(await trade(given.id)).toMatchObject({
        exchange_trade_id: 't-2',
        price: '31000',
        amount: '0.1',
        fee: '0.01',
        fee_currency: 'USDT',
        age: 30,
      });
    });

    it('seedBotEvent: an entry of the activity feed, the API’s (no token) by default', async () => {
      const bot = await seedBot(sql, { user: await seedUser(sql), state: 'running' });
      const api = await seedBotEvent(sql, bot, { type: 'bot.started' });
      const worker = await seedBotEvent(sql, bot, {
        type: 'order.intent',
        message: 'e-1',
        fenceToken: 1,
        data: { side: 'buy' },
      });
      const event = (id: string) =>
        row(`SELECT fence_token::int, type, message, data FROM bot_events WHERE id = $1`, [id]);
      expect(await event(api.id)).toEqual({
        fence_token: null,
        type: 'bot.started',
        message: '',
        data: {},
      });
      expect(await event(worker.id)).toEqual({
        fence_token: 1,
        type: 'order.intent',
        message: 'e-1',
        data: { side: 'buy' },
      });
    });
  });

  describe('what a bot holds and where it runs', () => {
    it('seedRuntime: held by a worker, ticking now or never', async () => {
      const user = await seedUser(sql);
      const [ticking, quiet] = await seedBots(sql, 2, { user, state: 'running' });
      await seedRuntime(sql, ticking, {
        workerId: 'worker-7',
        host: 'notebook',
        claimedSecondsAgo: 60,
      });
      await seedRuntime(sql, quiet.id, { lastTickSecondsAgo: null });
      const runtime = (id: string) =>
        row(
          `SELECT worker_id, host, fence_token::int, released_at,
                  round(extract(epoch FROM clock_timestamp() - claimed_at))::int AS claimed_age,
                  round(extract(epoch FROM clock_timestamp() - last_tick_at))::int AS tick_age
             FROM bot_runtime WHERE bot_id = $1`,
          [id],
        );
      expect(await runtime(ticking.id)).toEqual({
        worker_id: 'worker-7',
        host: 'notebook',
        fence_token: 1,
        released_at: null,
        claimed_age: 60,
        tick_age: 0,
      });
      expect(await runtime(quiet.id)).toMatchObject({ worker_id: 'worker-1', tick_age: null });
    });

    it('seedPosition, seedPaperBalances, seedBotState', async () => {
      const bot = await seedBot(sql, { user: await seedUser(sql), state: 'running' });
      await seedPosition(sql, bot, { baseAmount: '0.5', averageEntry: '30000', tradesCount: 4 });
      await seedPaperBalances(sql, bot, { USDT: { free: '9000', used: '100' }, BTC: '0.5' });
      await seedBotState(sql, bot, { orderSeq: 7, strategyState: { x: 1 } });
      expect(
        await row(
          `SELECT base_amount::text, average_entry::text, realized_pnl::text, fees_quote::text, trades_count
             FROM bot_positions WHERE bot_id = $1`,
          [bot.id],
        ),
      ).toEqual({
        base_amount: '0.5',
        average_entry: '30000',
        realized_pnl: '0',
        fees_quote: '0',
        trades_count: 4,
      });
      const { rows: balances } = await sql.query(
        `SELECT asset, free::text, used::text FROM paper_balances WHERE bot_id = $1 ORDER BY asset`,
        [bot.id],
      );
      expect(balances).toEqual([
        { asset: 'BTC', free: '0.5', used: '0' },
        { asset: 'USDT', free: '9000', used: '100' },
      ]);
      expect(
        await row(`SELECT order_seq::int, strategy_state FROM bot_state WHERE bot_id = $1`, [
          bot.id,
        ]),
      ).toEqual({ order_seq: 7, strategy_state: { x: 1 } });
    });
  });

  it('writes through a pg Pool and through a port that answers rows (the persistence Sql)', async () => {
    const pool = new Pool({ connectionString: db.url, max: 2 });
    try {
      const port: SeedDb = { query: async (text, params) => (await pool.query(text, params)).rows };
      const user = await seedUser(pool);
      const bot = await seedBot(port, { user, state: 'stopped' });
      const order = await seedOrder(port, bot);
      await seedTrade(pool, order);
      expect(
        await row(`SELECT count(*)::int AS n FROM trades WHERE bot_id = $1`, [bot.id]),
      ).toEqual({ n: 1 });
    } finally {
      await pool.end();
    }
  });
});
