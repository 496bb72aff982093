import type { MigrationInterface, QueryRunner } from 'typeorm';

// The limits of each plan when this migration was written (PLAN_LIMITS may change later; a
// migration must keep doing what it did).
const STORED_BOTS = `CASE plan WHEN 'free' THEN 10 WHEN 'pro' THEN 100 ELSE 1000 END`;
const ACCOUNTS = `CASE plan WHEN 'free' THEN 2 WHEN 'pro' THEN 10 ELSE 50 END`;

/**
 * A plan also limits how many bots a user may store (not deleted) and how many exchange
 * accounts: one free user had made 492 bots, six users 474 accounts. Existing rows get their
 * plan's limits (never fewer stored bots than they may run); data already above a limit stays,
 * only new bots or accounts are refused. A user without a subscription row gets a free one.
 */
export class PlanLimits1795600000000 implements MigrationInterface {
  name = 'PlanLimits1795600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE subscriptions ADD COLUMN max_bots integer, ADD COLUMN max_exchange_accounts integer`,
    );
    await db.query(
      `UPDATE subscriptions SET max_bots = GREATEST(${STORED_BOTS}, max_running_bots),
         max_exchange_accounts = ${ACCOUNTS}`,
    );
    await db.query(
      `INSERT INTO subscriptions (user_id, plan, max_running_bots, max_bots, max_exchange_accounts)
       SELECT id, 'free', 2, 10, 2 FROM users u
        WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = u.id)`,
    );
    await db.query(
      `ALTER TABLE subscriptions
         ALTER COLUMN max_bots SET NOT NULL,
         ALTER COLUMN max_exchange_accounts SET NOT NULL,
         ADD CONSTRAINT subscriptions_max_bots_check CHECK (max_bots >= 0),
         ADD CONSTRAINT subscriptions_max_exchange_accounts_check CHECK (max_exchange_accounts >= 0),
         ADD CONSTRAINT subscriptions_running_within_stored CHECK (max_running_bots <= max_bots)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE subscriptions DROP COLUMN max_exchange_accounts, DROP COLUMN max_bots`,
    );
  }
}
