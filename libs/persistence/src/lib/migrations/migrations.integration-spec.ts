import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { Client } from 'pg';
import { migrationStatus, revertLastMigration, runMigrations } from '../migrate';
import { migrations } from '.';

const tablesOf = async (url: string): Promise<string[]> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    return rows.map((r) => r.table_name);
  } finally {
    await client.end();
  }
};

describe('migrations on a real, empty PostgreSQL database', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('apply every migration, are idempotent, and revert to an empty schema', async () => {
    expect(await tablesOf(db.url)).toEqual([]);
    expect((await migrationStatus(db.url)).pending).toHaveLength(migrations.length);

    const applied = await runMigrations(db.url);
    expect(applied).toHaveLength(migrations.length);
    expect(await tablesOf(db.url)).toEqual([
      'backtest_results',
      'backtest_sweeps',
      'backtests',
      'bot_actions',
      'bot_desired_generation',
      'bot_equity',
      'bot_events',
      'bot_heartbeats',
      'bot_positions',
      'bot_runtime',
      'bot_state',
      'bots',
      'candle_chunks',
      'candles',
      'equity_jobs',
      'exchange_accounts',
      'notification_channels',
      'notification_deliveries',
      'notification_events',
      'notification_preferences',
      'orders',
      'paper_balances',
      'paper_orders',
      'portfolio_equity',
      'schema_migrations',
      'subscriptions',
      'trades',
      'user_risk_limits',
      'users',
    ]);
    expect(await runMigrations(db.url)).toEqual([]); // nothing left to do
    expect((await migrationStatus(db.url)).pending).toEqual([]);

    for (let i = 0; i < migrations.length; i++) await revertLastMigration(db.url);
    expect(await tablesOf(db.url)).toEqual(['schema_migrations']);

    await runMigrations(db.url); // and up again after a full revert
    expect((await migrationStatus(db.url)).pending).toEqual([]);
  }, 60_000); // three passes over every migration: seconds on a busy machine

  it('serialize concurrent runs from several processes (one applies, the others find nothing to do)', async () => {
    const other = await createTestDatabase();
    try {
      const results = await Promise.all([
        runMigrations(other.url),
        runMigrations(other.url),
        runMigrations(other.url),
      ]);
      expect(results.map((r) => r.length).sort()).toEqual([0, 0, migrations.length]);
    } finally {
      await other.drop();
    }
  });
});
