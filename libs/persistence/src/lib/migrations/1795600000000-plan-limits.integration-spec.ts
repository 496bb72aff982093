import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { Client } from 'pg';
import { migrationStatus, revertLastMigration, runMigrations } from '../migrate';

const MIGRATION = 'PlanLimits1795600000000';

/** Existing subscriptions get their plan's limits; users without one get the free plan. */
describe('migration 1795600000000-plan-limits on existing rows', () => {
  let db: TestDatabase;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    while (!(await migrationStatus(db.url)).pending.includes(MIGRATION))
      await revertLastMigration(db.url);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  it('fills max_bots and max_exchange_accounts by plan, never below max_running_bots', async () => {
    const user = async (email: string, plan?: string, running = 2) => {
      const { rows } = await sql.query(
        `INSERT INTO users (email, password_hash) VALUES ($1, 'h') RETURNING id`,
        [email],
      );
      if (plan)
        await sql.query(
          `INSERT INTO subscriptions (user_id, plan, max_running_bots) VALUES ($1, $2, $3)`,
          [rows[0].id, plan, running],
        );
      return rows[0].id as string;
    };
    const ids = {
      free: await user('free@example.com', 'free'),
      pro: await user('pro@example.com', 'pro', 20),
      bigPro: await user('big-pro@example.com', 'pro', 150),
      enterprise: await user('ent@example.com', 'enterprise', 200),
      none: await user('none@example.com'),
    };
    await runMigrations(db.url);
    const { rows } = await sql.query(
      `SELECT user_id, plan, max_running_bots, max_bots, max_exchange_accounts FROM subscriptions`,
    );
    const byUser = Object.fromEntries(rows.map(({ user_id, ...rest }) => [user_id, rest]));
    expect(byUser[ids.free]).toEqual({
      plan: 'free',
      max_running_bots: 2,
      max_bots: 10,
      max_exchange_accounts: 2,
    });
    expect(byUser[ids.pro]).toMatchObject({ max_bots: 100, max_exchange_accounts: 10 });
    expect(byUser[ids.bigPro]).toMatchObject({ max_running_bots: 150, max_bots: 150 });
    expect(byUser[ids.enterprise]).toMatchObject({ max_bots: 1000, max_exchange_accounts: 50 });
    expect(byUser[ids.none]).toEqual({
      plan: 'free',
      max_running_bots: 2,
      max_bots: 10,
      max_exchange_accounts: 2,
    });
  });
});
