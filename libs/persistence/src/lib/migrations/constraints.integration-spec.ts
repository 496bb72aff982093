import { createTestDatabase, seedUser, type TestDatabase } from '@platform/testing';
import { Client } from 'pg';
import { runMigrations } from '../migrate';

/** The schema itself refuses bad data, whatever code writes it. */
describe('schema constraints', () => {
  let db: TestDatabase;
  let sql: Client;
  let userId: string;
  let botId: string;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    ({ id: userId } = await seedUser(sql, { email: 'a@example.com' }));
    // written by hand: the first test checks the columns' defaults
    botId = (
      await sql.query(
        `INSERT INTO bots (user_id, name, exchange_id, symbol, timeframe, strategy) VALUES ($1, 'b1', 'binance', 'BTC/USDT', '1m', 'sma-cross') RETURNING id`,
        [userId],
      )
    ).rows[0].id;
  });

  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  const insertSubscription = (user: string, extra: Record<string, unknown> = {}) => {
    const row = {
      user_id: user,
      max_running_bots: 2,
      max_bots: 10,
      max_exchange_accounts: 2,
      ...extra,
    };
    const cols = Object.keys(row);
    return sql.query(
      `INSERT INTO subscriptions (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(row),
    );
  };

  const insertOrder = (clientOrderId: string, extra: Record<string, unknown> = {}) => {
    const row = {
      bot_id: botId,
      client_order_id: clientOrderId,
      fence_token: 1,
      exchange_id: 'binance',
      symbol: 'BTC/USDT',
      mode: 'paper',
      side: 'buy',
      type: 'market',
      amount: '0.001',
      ...extra,
    };
    const cols = Object.keys(row);
    return sql.query(
      `INSERT INTO orders (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
      Object.values(row),
    );
  };

  it('new bots start stopped, in paper mode, with fencing token 0', async () => {
    const { rows } = await sql.query(
      `SELECT desired_state, mode, fence_token FROM bots WHERE id = $1`,
      [botId],
    );
    expect(rows[0]).toEqual({ desired_state: 'stopped', mode: 'paper', fence_token: '0' });
  });

  it('client_order_id is unique: the database, not the exchange, stops a duplicate order', async () => {
    await insertOrder('bot1-7-buy');
    await expect(insertOrder('bot1-7-buy')).rejects.toThrow(/orders_client_order_id_unique/);
  });

  it('desired_state, mode, side, type and status accept only their values', async () => {
    await expect(
      sql.query(`UPDATE bots SET desired_state = 'paused' WHERE id = $1`, [botId]),
    ).rejects.toThrow(/check constraint/);
    await expect(sql.query(`UPDATE bots SET mode = 'demo' WHERE id = $1`, [botId])).rejects.toThrow(
      /check constraint/,
    );
    await expect(insertOrder('x-side', { side: 'hold' })).rejects.toThrow(/check constraint/);
    await expect(insertOrder('x-mode', { mode: 'demo' })).rejects.toThrow(/check constraint/);
    await expect(insertOrder('x-type', { type: 'stop' })).rejects.toThrow(/check constraint/);
    await expect(insertOrder('x-status', { status: 'done' })).rejects.toThrow(/check constraint/);
  });

  it('foreign keys hold: no bot for a missing user, no order for a missing bot', async () => {
    await expect(
      sql.query(
        `INSERT INTO bots (user_id, name, exchange_id, symbol, timeframe, strategy) VALUES (gen_random_uuid(), 'x', 'binance', 'BTC/USDT', '1m', 's')`,
      ),
    ).rejects.toThrow(/foreign key/);
    await expect(
      insertOrder('x-fk', { bot_id: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toThrow(/foreign key/);
  });

  it('a live bot needs an exchange account; limit orders need a price', async () => {
    await expect(sql.query(`UPDATE bots SET mode = 'live' WHERE id = $1`, [botId])).rejects.toThrow(
      /bots_live_needs_account/,
    );
    await expect(insertOrder('x-limit', { type: 'limit' })).rejects.toThrow(
      /orders_limit_has_price/,
    );
  });

  it('amounts are exact decimals, never floats', async () => {
    const { rows } = await insertOrder('x-exact', { amount: '0.1', filled: '0.1' });
    const sum = await sql.query(`SELECT amount + 0.2 AS total FROM orders WHERE id = $1`, [
      rows[0].id,
    ]);
    expect(sum.rows[0].total).toBe('0.3'); // in floating point 0.1 + 0.2 = 0.30000000000000004
    await expect(insertOrder('x-neg', { amount: '-1' })).rejects.toThrow(/check constraint/);
    await expect(insertOrder('x-over', { amount: '1', filled: '2' })).rejects.toThrow(
      /check constraint/,
    );
  });

  it('a fill is recorded once per exchange trade id', async () => {
    const { rows } = await insertOrder('x-fill');
    const fill = `INSERT INTO trades (order_id, bot_id, exchange_trade_id, side, price, amount, executed_at) VALUES ($1, $2, 't-1', 'buy', '50000.5', '0.001', now())`;
    await sql.query(fill, [rows[0].id, botId]);
    await expect(sql.query(fill, [rows[0].id, botId])).rejects.toThrow(/trades_order_fill_unique/);
  });

  it('emails are unique and stored lower-case; a user has one subscription', async () => {
    await expect(
      sql.query(`INSERT INTO users (email, password_hash) VALUES ('a@example.com', 'h')`),
    ).rejects.toThrow(/users_email_unique/);
    await expect(
      sql.query(`INSERT INTO users (email, password_hash) VALUES ('B@example.com', 'h')`),
    ).rejects.toThrow(/check constraint/);
    await insertSubscription(userId);
    await expect(insertSubscription(userId)).rejects.toThrow(/subscriptions_user_unique/);
  });

  it('plan limits are never negative, and no plan may run more bots than it may store', async () => {
    const other = (await seedUser(sql)).id;
    await expect(insertSubscription(other, { max_bots: -1 })).rejects.toThrow(
      /subscriptions_max_bots_check/,
    );
    await expect(insertSubscription(other, { max_exchange_accounts: -1 })).rejects.toThrow(
      /subscriptions_max_exchange_accounts_check/,
    );
    await expect(insertSubscription(other, { max_running_bots: 11 })).rejects.toThrow(
      /subscriptions_running_within_stored/,
    );
    await expect(insertSubscription(other, { max_bots: null })).rejects.toThrow(/not-null/);
    await expect(insertSubscription(other, { plan: 'gold' })).rejects.toThrow(/check constraint/);
    await insertSubscription(other, { max_running_bots: 0, max_bots: 0, max_exchange_accounts: 0 });
  });

  it('exchange keys have no plaintext column', async () => {
    const { rows } = await sql.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'exchange_accounts'`,
    );
    const columns = rows.map((r) => r.column_name as string);
    expect(columns).toContain('credentials_ciphertext');
    expect(columns.filter((c) => /secret|passphrase|api_key$/.test(c))).toEqual([]);
  });
});
