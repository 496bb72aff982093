import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An exchange order id is unique only where its venue says so. Until now one index keyed every
 * order by (exchange, symbol, exchange order id), so the paper exchange's counter ids ("8")
 * collided with the real exchange's ids for the same symbol: the second order's answer could
 * not be recorded and its row stayed at `intent`. Now:
 * - each order knows its mode and, when live, the exchange account it was sent with;
 * - a live order id is unique per (account, symbol): every exchange guarantees at least that
 *   (Binance's ids are unique per symbol exchange-wide, a stronger promise we do not rely on);
 * - a paper order id is unique per paper bot (its own ledger) and reads `paper-<n>`;
 * - a user's stop can cancel the bot's open orders (`cancel_orders_on_stop`), so stopped bots
 *   with orders left to settle must be found quickly (partial indexes below).
 * Rows stuck at `intent` or `unknown` are left as they are: their bot's next owner looks them up
 * by client order id and records what the exchange says, which this index no longer refuses.
 */
export class OrderVenues1795590000000 implements MigrationInterface {
  name = 'OrderVenues1795590000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE orders ADD COLUMN mode text`);
    await db.query(`UPDATE orders o SET mode = b.mode FROM bots b WHERE b.id = o.bot_id`);
    await db.query(
      `ALTER TABLE orders ALTER COLUMN mode SET NOT NULL,
         ADD CONSTRAINT orders_mode_check CHECK (mode IN ('paper', 'live'))`,
    );
    await db.query(
      `ALTER TABLE orders ADD COLUMN exchange_account_id uuid
         REFERENCES exchange_accounts (id) ON DELETE SET NULL`,
    );
    // the best knowledge there is of older live orders: the account their bot uses now
    await db.query(
      `UPDATE orders o SET exchange_account_id = b.exchange_account_id
         FROM bots b WHERE b.id = o.bot_id AND o.mode = 'live'`,
    );
    await db.query(
      `UPDATE orders SET exchange_order_id = 'paper-' || exchange_order_id
        WHERE mode = 'paper' AND exchange_order_id NOT LIKE 'paper-%'`,
    );
    await db.query(`DROP INDEX orders_exchange_order_unique`);
    await db.query(
      `CREATE UNIQUE INDEX orders_live_exchange_order_unique
         ON orders (exchange_account_id, symbol, exchange_order_id)
         WHERE mode = 'live' AND exchange_order_id IS NOT NULL`,
    );
    await db.query(
      `CREATE UNIQUE INDEX orders_paper_exchange_order_unique ON orders (bot_id, exchange_order_id)
         WHERE mode = 'paper' AND exchange_order_id IS NOT NULL`,
    );
    await db.query(
      `CREATE INDEX orders_open ON orders (bot_id) WHERE status IN ('open', 'partially_filled')`,
    );
    await db.query(
      `ALTER TABLE bots ADD COLUMN cancel_orders_on_stop boolean NOT NULL DEFAULT true`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE bots DROP COLUMN cancel_orders_on_stop`);
    await db.query(`DROP INDEX orders_open`);
    await db.query(`DROP INDEX orders_paper_exchange_order_unique`);
    await db.query(`DROP INDEX orders_live_exchange_order_unique`);
    await db.query(
      `UPDATE orders SET exchange_order_id = substr(exchange_order_id, 7)
        WHERE mode = 'paper' AND exchange_order_id LIKE 'paper-%'`,
    );
    // the old, too-wide key (fails, as it should, where paper and live ids now coincide)
    await db.query(
      `CREATE UNIQUE INDEX orders_exchange_order_unique ON orders (exchange_id, symbol, exchange_order_id)
         WHERE exchange_order_id IS NOT NULL`,
    );
    await db.query(`ALTER TABLE orders DROP COLUMN exchange_account_id`);
    await db.query(`ALTER TABLE orders DROP COLUMN mode`);
  }
}
