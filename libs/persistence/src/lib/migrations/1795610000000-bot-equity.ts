import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Equity history. `bot_equity`: one row per running bot per minute (`at` on the minute by
 * Postgres' clock), written in one fenced statement per worker. `portfolio_equity`: each user's
 * totals per minute, mode and quote currency, summed from those rows by a job, so a chart of
 * 1,000 bots reads one series instead of 1,000. `equity_jobs`: how far each job got (the
 * totals, and the roll-ups that thin both tables to the last row of each hour after 7 days and
 * of each day after 90).
 */
export class BotEquity1795610000000 implements MigrationInterface {
  name = 'BotEquity1795610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bot_equity (
        bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        equity numeric NOT NULL,
        realized_profit numeric NOT NULL,
        unrealized_profit numeric NOT NULL,
        position_base numeric NOT NULL CHECK (position_base >= 0),
        price numeric CHECK (price > 0),
        PRIMARY KEY (bot_id, at)
      )`);
    await db.query(`
      CREATE TABLE portfolio_equity (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        mode text NOT NULL CHECK (mode IN ('paper', 'live')),
        quote_currency text NOT NULL,
        at timestamptz NOT NULL,
        equity numeric NOT NULL,
        realized_profit numeric NOT NULL,
        unrealized_profit numeric NOT NULL,
        bots integer NOT NULL CHECK (bots > 0),
        PRIMARY KEY (user_id, mode, quote_currency, at)
      )`);
    // the jobs read a window of time across all bots and users
    await db.query(`CREATE INDEX bot_equity_at ON bot_equity (at)`);
    await db.query(`CREATE INDEX portfolio_equity_at ON portfolio_equity (at)`);
    await db.query(`
      CREATE TABLE equity_jobs (
        job text PRIMARY KEY,
        done_until timestamptz NOT NULL
      )`);
    await db.query(
      `INSERT INTO equity_jobs (job, done_until)
       SELECT job, '-infinity' FROM unnest(ARRAY['portfolio-totals', 'bot-equity-hourly',
         'bot-equity-daily', 'portfolio-equity-hourly', 'portfolio-equity-daily']) AS job`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['equity_jobs', 'portfolio_equity', 'bot_equity'])
      await db.query(`DROP TABLE ${table}`);
  }
}
