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
import { EquityRollup } from './equity-rollup';

describe('EquityRollup: old history thinned to hours, then days', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let rollup: EquityRollup;
  let bots: string[];
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    rollup = new EquityRollup(sqlOver(dataSource));
    const user = await seedUser(dataSource);
    userId = user.id;
    bots = [
      (await seedBot(dataSource, { user, state: 'running' })).id,
      (await seedBot(dataSource, { user, state: 'running' })).id,
    ];
    // each series: 3 hours of minutes 8 days ago, 2 days of hours 100 days ago, 10 minutes 2 days ago
    for (const insert of [...bots.map((botId) => botRows(botId)), portfolioRows(userId)]) {
      await insert(`date_trunc('hour', now() - interval '8 days', 'UTC')`, '1 minute', 180);
      await insert(`date_trunc('day', now() - interval '100 days', 'UTC')`, '1 hour', 48);
      await insert(`date_trunc('minute', now() - interval '2 days')`, '1 minute', 10);
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const botRows = (botId: string) => (start: string, step: string, count: number) =>
    dataSource.query(
      `INSERT INTO bot_equity (bot_id, at, equity, realized_profit, unrealized_profit, position_base)
       SELECT $1, ${start} + n * $2::interval, n, 0, 0, 0 FROM generate_series(0, $3 - 1) AS n`,
      [botId, step, count],
    );
  const portfolioRows = (user: string) => (start: string, step: string, count: number) =>
    dataSource.query(
      `INSERT INTO portfolio_equity (user_id, mode, quote_currency, at, equity, realized_profit,
         unrealized_profit, bots)
       SELECT $1, 'paper', 'USDT', ${start} + n * $2::interval, n, 0, 0, 2
         FROM generate_series(0, $3 - 1) AS n`,
      [user, step, count],
    );

  /** A series' rows 8 days old ("HH:MI"), 100 days old ("DD HH:MI"), and how many are 2 days old. */
  const rowsByAge = async (series: string, table = 'bot_equity', key = 'bot_id') => {
    const [row] = await dataSource.query(
      `SELECT
         array_agg(to_char(at AT TIME ZONE 'UTC', 'HH24:MI') ORDER BY at)
           FILTER (WHERE at BETWEEN now() - interval '9 days' AND now() - interval '7 days') AS week,
         array_agg(to_char(at AT TIME ZONE 'UTC', 'DD HH24:MI') ORDER BY at)
           FILTER (WHERE at < now() - interval '90 days') AS old,
         count(*) FILTER (WHERE at > now() - interval '3 days')::int AS recent
         FROM ${table} WHERE ${key} = $1`,
      [series],
    );
    return row as { week: string[]; old: string[]; recent: number };
  };

  it('one runner at a time: while another holds a job, a run leaves it alone', async () => {
    await withPgClient(db.url, async (other) => {
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM equity_jobs FOR UPDATE`);
      expect(Object.values(await rollup.run())).toEqual(['busy', 'busy', 'busy', 'busy']);
      await other.query('ROLLBACK');
    });
    expect((await rowsByAge(bots[0])).week).toHaveLength(180);
  });

  it('thins in bounded steps: the last row of each hour past 7 days, of each day past 90', async () => {
    // a step is one hour of history at most
    expect((await rollup.run(1))['bot-equity-hourly']).toBe('more');

    expect(Object.values(await rollup.run())).toEqual(['done', 'done', 'done', 'done']);

    for (const rows of [
      ...(await Promise.all(bots.map((botId) => rowsByAge(botId)))),
      await rowsByAge(userId, 'portfolio_equity', 'user_id'),
    ]) {
      const hourOf = (n: number) => String(n % 24).padStart(2, '0');
      // minute rows 8 days ago started on an hour H: H:59, H+1:59, H+2:59 are left
      expect(rows.week.map((t) => t.slice(3))).toEqual(['59', '59', '59']);
      expect(rows.week.map((t) => t.slice(0, 2))).toEqual(
        [0, 1, 2].map((h) => hourOf(Number(rows.week[0].slice(0, 2)) + h)),
      );
      // hourly rows 100 days ago started at midnight: 23:00 of each of the two days is left
      expect(rows.old.map((t) => t.slice(3))).toEqual(['23:00', '23:00']);
      expect(rows.recent).toBe(10);
    }
  });

  it('a run with nothing new to thin changes nothing', async () => {
    const before = await rowsByAge(bots[1]);
    expect(Object.values(await rollup.run())).toEqual(['done', 'done', 'done', 'done']);
    expect(await rowsByAge(bots[1])).toEqual(before);
  });
});
