import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { Client } from 'pg';
import { revertLastMigration, runMigrations } from '../migrate';
import { OrderVenues1795590000000 } from './1795590000000-order-venues';
import { migrations } from '.';

// The data a new user's database held when the shared exchange-order index struck: a paper
// order with the counter id "8" took the key, so the live order the exchange also numbered 8
// could not be recorded and stayed at `intent`. After the migration it can be, the normal way.
describe('migration OrderVenues on a database with a stuck live order', () => {
  let db: TestDatabase;
  let sql: Client;
  const q = async (text: string, params: unknown[] = []) => (await sql.query(text, params)).rows;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    const later = migrations.length - migrations.indexOf(OrderVenues1795590000000);
    for (let i = 0; i < later; i++) await revertLastMigration(db.url);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  it('keys exchange ids by venue, prefixes paper ids, and lets the stuck order be recorded', async () => {
    const [user] = await q(
      `INSERT INTO users (email, password_hash) VALUES ('m@example.com', 'h') RETURNING id`,
    );
    const [account] = await q(
      `INSERT INTO exchange_accounts (user_id, exchange_id, label, encryption_key_id, credentials_ciphertext, api_key_masked)
       VALUES ($1, 'binance', 'main', 'k1', '\\x00', 'xxxx') RETURNING id`,
      [user.id],
    );
    const bot = async (mode: string, accountId: string | null) =>
      (
        await q(
          `INSERT INTO bots (user_id, exchange_account_id, name, exchange_id, symbol, timeframe, strategy, mode)
           VALUES ($1, $2, $3, 'binance', 'SOL/USDT', '1m', 'dca', $3) RETURNING id`,
          [user.id, accountId, mode],
        )
      )[0].id as string;
    const paperBot = await bot('paper', null);
    const liveBot = await bot('live', account.id);
    const order = (botId: string, clientId: string, status: string, exchangeId: string | null) =>
      q(
        `INSERT INTO orders (bot_id, client_order_id, fence_token, exchange_id, symbol, side, type, amount, status, exchange_order_id)
         VALUES ($1, $2, 1, 'binance', 'SOL/USDT', 'buy', 'market', '1', $3, $4) RETURNING id`,
        [botId, clientId, status, exchangeId],
      );
    await order(paperBot, 'p-1', 'filled', '8');
    const [stuck] = await order(liveBot, 'l-1', 'intent', null);
    // the old index refused exactly what the engine tried to record
    await expect(
      q(`UPDATE orders SET status = 'filled', exchange_order_id = '8' WHERE id = $1`, [stuck.id]),
    ).rejects.toThrow(/orders_exchange_order_unique/);

    const withPaperSetting = JSON.stringify({ risk: { paperQuoteBalance: 10000, stopLossPct: 5 } });
    await q(`UPDATE bots SET params = $1`, [withPaperSetting]);

    await runMigrations(db.url);

    // and live bots lose the paper-only setting they were given by default
    expect(await q(`SELECT mode, params FROM bots ORDER BY mode`)).toEqual([
      { mode: 'live', params: { risk: { stopLossPct: 5 } } },
      { mode: 'paper', params: { risk: { paperQuoteBalance: 10000, stopLossPct: 5 } } },
    ]);

    expect(
      await q(
        `SELECT mode, exchange_account_id, exchange_order_id, status FROM orders ORDER BY mode`,
      ),
    ).toEqual([
      { mode: 'live', exchange_account_id: account.id, exchange_order_id: null, status: 'intent' },
      { mode: 'paper', exchange_account_id: null, exchange_order_id: 'paper-8', status: 'filled' },
    ]);
    await q(`UPDATE orders SET status = 'filled', exchange_order_id = '8' WHERE id = $1`, [
      stuck.id,
    ]);
    // still one row per exchange order within a venue; other venues may repeat the id
    const placed = (
      botId: string,
      clientId: string,
      mode: string,
      accountId: string | null,
      id: string,
    ) =>
      q(
        `INSERT INTO orders (bot_id, client_order_id, fence_token, exchange_id, symbol, side, type,
           amount, status, mode, exchange_account_id, exchange_order_id)
         VALUES ($1, $2, 1, 'binance', 'SOL/USDT', 'buy', 'market', '1', 'filled', $3, $4, $5)`,
        [botId, clientId, mode, accountId, id],
      );
    await expect(placed(liveBot, 'l-2', 'live', account.id, '8')).rejects.toThrow(
      /orders_live_exchange_order_unique/,
    );
    await expect(placed(paperBot, 'p-2', 'paper', null, 'paper-8')).rejects.toThrow(
      /orders_paper_exchange_order_unique/,
    );
    await placed(paperBot, 'p-3', 'paper', null, '8'); // a paper id never blocks a live one
    expect(await q(`SELECT cancel_orders_on_stop FROM bots WHERE id = $1`, [liveBot])).toEqual([
      { cancel_orders_on_stop: true },
    ]);
  });
});
