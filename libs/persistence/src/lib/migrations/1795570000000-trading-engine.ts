import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trading engine's state: each bot's strategy state and order sequence (the source of its
 * deterministic client order ids), its position and profit, why it stopped on an error, and
 * the paper exchange (balances and orders per paper bot, kept like an exchange would).
 */
export class TradingEngine1795570000000 implements MigrationInterface {
  name = 'TradingEngine1795570000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE bots ADD COLUMN last_error_at timestamptz`);

    await db.query(`
      CREATE TABLE bot_state (
        bot_id uuid PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
        order_seq bigint NOT NULL DEFAULT 0 CHECK (order_seq >= 0),
        strategy_state jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE bot_positions (
        bot_id uuid PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
        base_amount numeric NOT NULL DEFAULT 0 CHECK (base_amount >= 0),
        average_entry numeric CHECK (average_entry > 0),
        realized_pnl numeric NOT NULL DEFAULT 0,
        fees_quote numeric NOT NULL DEFAULT 0 CHECK (fees_quote >= 0),
        trades_count integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE paper_balances (
        bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
        asset text NOT NULL,
        free numeric NOT NULL CHECK (free >= 0),
        used numeric NOT NULL DEFAULT 0 CHECK (used >= 0),
        PRIMARY KEY (bot_id, asset)
      )`);

    await db.query(`
      CREATE TABLE paper_orders (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
        client_order_id text NOT NULL,
        symbol text NOT NULL,
        side text NOT NULL CHECK (side IN ('buy', 'sell')),
        type text NOT NULL CHECK (type IN ('market', 'limit')),
        amount numeric NOT NULL CHECK (amount > 0),
        price numeric CHECK (price > 0),
        status text NOT NULL CHECK (status IN ('open', 'closed', 'canceled')),
        filled numeric NOT NULL DEFAULT 0 CHECK (filled >= 0 AND filled <= amount),
        average numeric CHECK (average > 0),
        fee numeric NOT NULL DEFAULT 0 CHECK (fee >= 0),
        fee_currency text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        filled_at timestamptz,
        CONSTRAINT paper_orders_client_order_unique UNIQUE (bot_id, client_order_id)
      )`);
    await db.query(
      `CREATE INDEX paper_orders_open ON paper_orders (bot_id, symbol) WHERE status = 'open'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['paper_orders', 'paper_balances', 'bot_positions', 'bot_state']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`ALTER TABLE bots DROP COLUMN last_error_at`);
  }
}
