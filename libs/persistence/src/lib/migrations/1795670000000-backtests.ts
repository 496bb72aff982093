import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backtests (issue 13): one row per backtest (a bot definition tried on a time range), run as a
 * BullMQ job by a bot-worker; sweeps group the backtests of a parameter grid.
 *
 * `attempt` fences a run (rule 3's idea for jobs): a worker that takes the job bumps it and
 * writes progress and the result only `WHERE attempt = <its own>`, so a run that a crashed or
 * stalled worker had begun, and that another worker took over, can never store a second result.
 * The full result (orders, trades, equity curve) sits in `backtest_results` so that lists and
 * sweep rankings read light rows; the headline metrics are columns for ranking.
 */
export class Backtests1795670000000 implements MigrationInterface {
  name = 'Backtests1795670000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE backtest_sweeps (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
        grid jsonb NOT NULL CHECK (jsonb_typeof(grid) = 'object'),
        rank_by text NOT NULL,
        combinations integer NOT NULL CHECK (combinations > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX backtest_sweeps_user ON backtest_sweeps (user_id, created_at DESC, id DESC)`,
    );
    await db.query(`
      CREATE TABLE backtests (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        sweep_id uuid REFERENCES backtest_sweeps (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
        params jsonb NOT NULL CHECK (jsonb_typeof(params) = 'object'),
        progress real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
        attempt integer NOT NULL DEFAULT 0,
        worker_id text,
        error text,
        metrics jsonb,
        total_return_pct double precision,
        max_drawdown_pct double precision,
        sharpe double precision,
        sortino double precision,
        profit_factor double precision,
        win_rate_pct double precision,
        trades integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        CONSTRAINT backtests_finished_at
          CHECK ((status IN ('succeeded', 'failed', 'cancelled')) = (finished_at IS NOT NULL)),
        CONSTRAINT backtests_failed_error CHECK (status <> 'failed' OR error IS NOT NULL)
      )`);
    await db.query(
      `CREATE INDEX backtests_user_created ON backtests (user_id, created_at DESC, id DESC)`,
    );
    // what the concurrency limit counts, and what a worker's sweep of stalled rows would read
    await db.query(
      `CREATE INDEX backtests_unfinished ON backtests (user_id) WHERE status IN ('queued', 'running')`,
    );
    await db.query(
      `CREATE INDEX backtests_sweep ON backtests (sweep_id) WHERE sweep_id IS NOT NULL`,
    );
    await db.query(`
      CREATE TABLE backtest_results (
        backtest_id uuid PRIMARY KEY REFERENCES backtests (id) ON DELETE CASCADE,
        result jsonb NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE backtest_results`);
    await db.query(`DROP TABLE backtests`);
    await db.query(`DROP TABLE backtest_sweeps`);
  }
}
