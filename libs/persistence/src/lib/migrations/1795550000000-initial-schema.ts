import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole domain: users and plans, exchange keys (ciphertext only), bots, orders, fills, events. */
export class InitialSchema1795550000000 implements MigrationInterface {
  name = 'InitialSchema1795550000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
        password_hash text NOT NULL,
        role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_unique UNIQUE (email)
      )`);

    await db.query(`
      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        plan text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'enterprise')),
        max_running_bots integer NOT NULL CHECK (max_running_bots >= 0),
        valid_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT subscriptions_user_unique UNIQUE (user_id)
      )`);

    await db.query(`
      CREATE TABLE exchange_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        exchange_id text NOT NULL CHECK (exchange_id ~ '^[a-z0-9]+$'),
        label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
        encryption_key_id text NOT NULL,
        credentials_ciphertext bytea NOT NULL,
        api_key_masked text NOT NULL,
        verified_at timestamptz,
        can_withdraw boolean,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT exchange_accounts_user_label_unique UNIQUE (user_id, label)
      )`);

    await db.query(`
      CREATE TABLE bots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        exchange_account_id uuid REFERENCES exchange_accounts (id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        exchange_id text NOT NULL CHECK (exchange_id ~ '^[a-z0-9]+$'),
        symbol text NOT NULL CHECK (symbol ~ '^[A-Z0-9]+/[A-Z0-9]+(:[A-Z0-9]+)?$'),
        timeframe text NOT NULL CHECK (timeframe ~ '^[0-9]+[smhdwM]$'),
        strategy text NOT NULL,
        params jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(params) = 'object'),
        mode text NOT NULL DEFAULT 'paper' CHECK (mode IN ('paper', 'live')),
        desired_state text NOT NULL DEFAULT 'stopped' CHECK (desired_state IN ('running', 'stopped')),
        placement_tag text,
        fence_token bigint NOT NULL DEFAULT 0 CHECK (fence_token >= 0),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT bots_live_needs_account CHECK (mode = 'paper' OR exchange_account_id IS NOT NULL)
      )`);
    // Names are unique among a user's bots that are not deleted.
    await db.query(
      `CREATE UNIQUE INDEX bots_user_name_unique ON bots (user_id, name) WHERE deleted_at IS NULL`,
    );
    // The supervisors' reconcile query: which bots should run?
    await db.query(
      `CREATE INDEX bots_desired_running ON bots (id) WHERE desired_state = 'running' AND deleted_at IS NULL`,
    );

    await db.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
        client_order_id text NOT NULL,
        fence_token bigint NOT NULL,
        exchange_id text NOT NULL,
        symbol text NOT NULL,
        exchange_order_id text,
        side text NOT NULL CHECK (side IN ('buy', 'sell')),
        type text NOT NULL CHECK (type IN ('market', 'limit')),
        amount numeric NOT NULL CHECK (amount > 0),
        price numeric CHECK (price > 0),
        filled numeric NOT NULL DEFAULT 0 CHECK (filled >= 0 AND filled <= amount),
        average_price numeric CHECK (average_price > 0),
        status text NOT NULL DEFAULT 'intent' CHECK (status IN
          ('intent', 'open', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired', 'unknown')),
        signal text,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT orders_client_order_id_unique UNIQUE (client_order_id),
        CONSTRAINT orders_limit_has_price CHECK (type = 'market' OR price IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX orders_bot_created ON orders (bot_id, created_at DESC)`);
    // A new owner resolves its bot's pending intents first.
    await db.query(
      `CREATE INDEX orders_pending ON orders (bot_id) WHERE status IN ('intent', 'unknown')`,
    );
    await db.query(
      `CREATE UNIQUE INDEX orders_exchange_order_unique ON orders (exchange_id, symbol, exchange_order_id)
       WHERE exchange_order_id IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE trades (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
        exchange_trade_id text NOT NULL,
        side text NOT NULL CHECK (side IN ('buy', 'sell')),
        price numeric NOT NULL CHECK (price > 0),
        amount numeric NOT NULL CHECK (amount > 0),
        fee numeric NOT NULL DEFAULT 0 CHECK (fee >= 0),
        fee_currency text,
        executed_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT trades_order_fill_unique UNIQUE (order_id, exchange_trade_id)
      )`);
    await db.query(`CREATE INDEX trades_bot_executed ON trades (bot_id, executed_at DESC)`);

    await db.query(`
      CREATE TABLE bot_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
        fence_token bigint,
        type text NOT NULL CHECK (type ~ '^[a-z]+(\\.[a-z-]+)+$'),
        message text NOT NULL DEFAULT '',
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX bot_events_bot_id ON bot_events (bot_id, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'bot_events',
      'trades',
      'orders',
      'bots',
      'exchange_accounts',
      'subscriptions',
      'users',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
