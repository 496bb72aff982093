import {
  createTestDatabase,
  seedBot,
  seedUser,
  type TestDatabase,
  withPgClient,
} from '@platform/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { runMigrations } from '../migrate';
import { sqlOver } from '../sql/typeorm-sql';
import { PortfolioTotals } from './portfolio-totals.job';

describe('PortfolioTotals: each user sums its bots per minute', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let totals: PortfolioTotals;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    totals = new PortfolioTotals(sqlOver(dataSource));
    ({ id: userId } = await seedUser(dataSource));
    // two bots with a row each minute of the last ten, up to the current one
    for (const equity of [100, 200]) {
      const bot = await seedBot(dataSource, { user: userId, state: 'running' });
      await dataSource.query(
        `INSERT INTO bot_equity (bot_id, at, equity, realized_profit, unrealized_profit, position_base)
         SELECT $1, date_trunc('minute', now()) - n * interval '1 minute', $2, 1, 0, 0
           FROM generate_series(0, 9) AS n`,
        [bot.id, equity],
      );
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const summed = (): Promise<{ at: Date; equity: string; bots: number; settled: boolean }[]> =>
    dataSource.query(
      `SELECT at, equity::text, bots,
              at < date_trunc('minute', now()) - interval '1 minute' AS settled
         FROM portfolio_equity WHERE user_id = $1 ORDER BY at`,
      [userId],
    );

  it('waits while another runner holds the job', async () => {
    await withPgClient(db.url, async (other) => {
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM equity_jobs WHERE job = 'portfolio-totals' FOR UPDATE`);
      expect(await totals.run()).toBe('busy');
      await other.query('ROLLBACK');
    });
    expect(await summed()).toEqual([]);
  });

  it('sums the minutes that are over, never the two newest, where writes may still land', async () => {
    expect(await totals.run()).toBe('done');

    const rows = await summed();
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.every((row) => row.settled)).toBe(true);
    expect(new Set(rows.map((row) => `${row.equity} by ${row.bots}`))).toEqual(
      new Set(['300 by 2']),
    );
  });

  it('a second run sums nothing twice', async () => {
    const before = await summed();
    await totals.run();
    const after = await summed();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(new Set(after.map((row) => row.equity))).toEqual(new Set(['300']));
  });
});
