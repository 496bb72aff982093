import { Inject, Injectable } from '@nestjs/common';
import {
  BACKTEST_RANK_METRICS,
  type BacktestDefinition,
  type BacktestMetrics,
  type BacktestRankMetric,
  type BacktestResult,
  type BacktestStatus,
} from '@platform/contracts';
import { afterCursor, cursorParams, sortKey, type TimeCursor } from '../sql/keyset';
import { SQL, type Sql } from '../sql/sql';

/** A backtest as lists show it: everything but the full result. */
export interface BacktestRow {
  id: string;
  user_id: string;
  sweep_id: string | null;
  status: BacktestStatus;
  definition: BacktestDefinition;
  progress: number;
  attempt: number;
  worker_id: string | null;
  error: string | null;
  metrics: BacktestMetrics | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  /** Keyset sort key (created_at, microseconds). */
  sort_key: string;
}

export interface BacktestSweepRow {
  id: string;
  user_id: string;
  definition: BacktestDefinition;
  grid: Record<string, unknown[]>;
  rank_by: BacktestRankMetric;
  combinations: number;
  created_at: Date;
}

export interface NewBacktest {
  id: string;
  userId: string;
  sweepId: string | null;
  definition: BacktestDefinition;
}

export interface NewBacktestSweep {
  id: string;
  userId: string;
  definition: BacktestDefinition;
  grid: Record<string, unknown[]>;
  rankBy: BacktestRankMetric;
  combinations: number;
}

/** What a worker took: the definition, under its own attempt number. */
export interface ClaimedBacktest {
  attempt: number;
  userId: string;
  sweepId: string | null;
  definition: BacktestDefinition;
}

/** Counts of a sweep's backtests per status. */
export type SweepCounts = Record<BacktestStatus, number>;

// The ranking columns, by metric name (a fixed map: no name reaches the SQL unchecked).
const RANK_COLUMNS: Record<BacktestRankMetric, string> = {
  totalReturnPct: 'total_return_pct',
  sharpe: 'sharpe',
  sortino: 'sortino',
  profitFactor: 'profit_factor',
  winRatePct: 'win_rate_pct',
  maxDrawdownPct: 'max_drawdown_pct',
  trades: 'trades',
};

const LIGHT_COLUMNS = `id, user_id, sweep_id, status, definition, progress, attempt, worker_id, error,
  metrics, created_at, started_at, finished_at, ${sortKey('created_at')}`;

const UNFINISHED = `status IN ('queued', 'running')`;

/** A finite number, else null (JSON has no NaN or Infinity; the columns take neither). */
const finite = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * Backtests and sweeps: what the gateway stores and reads (always scoped to the owner) and what
 * the bot-workers write while they run a backtest job. A worker's writes carry the `attempt` it
 * took: zero rows means the backtest was cancelled, deleted or taken over by another run, and
 * the writer stops.
 */
@Injectable()
export class BacktestsStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  // --- the gateway's side -------------------------------------------------------------------

  /** Queued or running backtests of the user: single ones, or those of sweeps. */
  async countUnfinished(tx: Sql, userId: string, kind: 'single' | 'sweep'): Promise<number> {
    const [row] = await tx.query<{ count: number }>(
      kind === 'single'
        ? `SELECT count(*)::int AS count FROM backtests
            WHERE user_id = $1 AND ${UNFINISHED} AND sweep_id IS NULL`
        : `SELECT count(DISTINCT sweep_id)::int AS count FROM backtests
            WHERE user_id = $1 AND ${UNFINISHED} AND sweep_id IS NOT NULL`,
      [userId],
    );
    return row.count;
  }

  async insertSweep(tx: Sql, sweep: NewBacktestSweep): Promise<void> {
    await tx.query(
      `INSERT INTO backtest_sweeps (id, user_id, definition, grid, rank_by, combinations)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        sweep.id,
        sweep.userId,
        JSON.stringify(sweep.definition),
        JSON.stringify(sweep.grid),
        sweep.rankBy,
        sweep.combinations,
      ],
    );
  }

  /** Many backtests in one statement (a sweep's hundreds), queued. */
  async insert(tx: Sql, backtests: readonly NewBacktest[]): Promise<void> {
    if (backtests.length === 0) return;
    await tx.query(
      `INSERT INTO backtests (id, user_id, sweep_id, definition, params)
       SELECT b.id, b.user_id, b.sweep_id, b.definition, b.definition -> 'params'
         FROM jsonb_to_recordset($1::jsonb)
           AS b(id uuid, user_id uuid, sweep_id uuid, definition jsonb)`,
      [
        JSON.stringify(
          backtests.map((b) => ({
            id: b.id,
            user_id: b.userId,
            sweep_id: b.sweepId,
            definition: b.definition,
          })),
        ),
      ],
    );
  }

  /** A page of the user's backtests, newest first (`limit + 1` rows: the extra tells a next page). */
  list(
    userId: string,
    limit: number,
    after?: TimeCursor,
    filter: { status?: BacktestStatus; sweepId?: string } = {},
  ): Promise<BacktestRow[]> {
    const params: unknown[] = [userId, ...cursorParams(after)];
    const conditions = [`user_id = $1`, afterCursor('created_at', 2)];
    if (filter.status) {
      params.push(filter.status);
      conditions.push(`status = $${params.length}`);
    }
    if (filter.sweepId) {
      params.push(filter.sweepId);
      conditions.push(`sweep_id = $${params.length}`);
    }
    params.push(limit + 1);
    return this.sql.query<BacktestRow>(
      `SELECT ${LIGHT_COLUMNS} FROM backtests WHERE ${conditions.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }

  async findOwned(userId: string, id: string): Promise<BacktestRow | null> {
    const [row] = await this.sql.query<BacktestRow>(
      `SELECT ${LIGHT_COLUMNS} FROM backtests WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return row ?? null;
  }

  /** The stored result of a succeeded backtest (the caller has checked the owner). */
  async result(id: string): Promise<BacktestResult | null> {
    const [row] = await this.sql.query<{ result: BacktestResult }>(
      `SELECT result FROM backtest_results WHERE backtest_id = $1`,
      [id],
    );
    return row?.result ?? null;
  }

  /**
   * Marks a queued or running backtest cancelled; a worker running it sees that at its next
   * progress write and stops. Null: not the user's; else the row as it is now (unchanged when
   * it had already finished).
   */
  async cancel(
    userId: string,
    id: string,
  ): Promise<{ row: BacktestRow; cancelled: boolean } | null> {
    const [cancelled] = await this.sql.query<BacktestRow>(
      `UPDATE backtests SET status = 'cancelled', finished_at = now()
        WHERE id = $1 AND user_id = $2 AND ${UNFINISHED}
        RETURNING ${LIGHT_COLUMNS}`,
      [id, userId],
    );
    if (cancelled) return { row: cancelled, cancelled: true };
    const row = await this.findOwned(userId, id);
    return row ? { row, cancelled: false } : null;
  }

  /** Deletes the backtest and its result; null when it is not the user's. */
  async remove(userId: string, id: string): Promise<{ status: BacktestStatus } | null> {
    const [row] = await this.sql.query<{ status: BacktestStatus }>(
      `DELETE FROM backtests WHERE id = $1 AND user_id = $2 RETURNING status`,
      [id, userId],
    );
    return row ?? null;
  }

  async findSweep(userId: string, id: string): Promise<BacktestSweepRow | null> {
    const [row] = await this.sql.query<BacktestSweepRow>(
      `SELECT id, user_id, definition, grid, rank_by, combinations, created_at
         FROM backtest_sweeps WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return row ?? null;
  }

  async sweepCounts(sweepId: string): Promise<SweepCounts> {
    const rows = await this.sql.query<{ status: BacktestStatus; count: number }>(
      `SELECT status, count(*)::int AS count FROM backtests WHERE sweep_id = $1 GROUP BY status`,
      [sweepId],
    );
    const counts: SweepCounts = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const row of rows) counts[row.status] = row.count;
    return counts;
  }

  /**
   * A sweep's backtests, best first by `rankBy` (its better direction; those without a value,
   * and those not succeeded, after them), then in the order they were made.
   */
  ranked(sweepId: string, rankBy: BacktestRankMetric, limit: number): Promise<BacktestRow[]> {
    const column = RANK_COLUMNS[rankBy];
    const direction = BACKTEST_RANK_METRICS[rankBy] === 'asc' ? 'ASC' : 'DESC';
    return this.sql.query<BacktestRow>(
      `SELECT ${LIGHT_COLUMNS} FROM backtests WHERE sweep_id = $1
        ORDER BY (status = 'succeeded') DESC, ${column} ${direction} NULLS LAST, created_at, id
        LIMIT $2`,
      [sweepId, limit],
    );
  }

  /** Cancels every unfinished backtest of the user's sweep; their ids. */
  async cancelSweep(userId: string, sweepId: string): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE backtests SET status = 'cancelled', finished_at = now()
        WHERE sweep_id = $1 AND user_id = $2 AND ${UNFINISHED} RETURNING id`,
      [sweepId, userId],
    );
    return rows.map((row) => row.id);
  }

  // --- the worker's side (a backtest job) ----------------------------------------------------

  /**
   * Takes the backtest for one run: the next attempt number, this worker's id. Null when there
   * is nothing to run (cancelled, deleted or finished: a job that ran twice after a crash finds
   * the first run's result and does nothing).
   */
  async claim(id: string, workerId: string): Promise<ClaimedBacktest | null> {
    const [row] = await this.sql.query<{
      attempt: number;
      user_id: string;
      sweep_id: string | null;
      definition: BacktestDefinition;
    }>(
      `UPDATE backtests
          SET status = 'running', attempt = attempt + 1, worker_id = $2, progress = 0,
              started_at = COALESCE(started_at, now())
        WHERE id = $1 AND ${UNFINISHED}
        RETURNING attempt, user_id, sweep_id, definition`,
      [id, workerId],
    );
    return row
      ? {
          attempt: row.attempt,
          userId: row.user_id,
          sweepId: row.sweep_id,
          definition: row.definition,
        }
      : null;
  }

  /** Stores progress (0..1); false: this run is no longer the backtest's (cancelled, deleted, taken over). */
  async progress(id: string, attempt: number, progress: number): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE backtests SET progress = $3 WHERE id = $1 AND attempt = $2 AND status = 'running'
        RETURNING 1`,
      [id, attempt, Math.min(1, Math.max(0, progress))],
    );
    return rows.length > 0;
  }

  /** The result and its metrics, in one transaction, only while this run is the backtest's. */
  succeed(id: string, attempt: number, result: BacktestResult): Promise<boolean> {
    const m = result.metrics;
    return this.sql.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE backtests
            SET status = 'succeeded', progress = 1, finished_at = now(), error = NULL,
                metrics = $3, total_return_pct = $4, max_drawdown_pct = $5, sharpe = $6,
                sortino = $7, profit_factor = $8, win_rate_pct = $9, trades = $10
          WHERE id = $1 AND attempt = $2 AND status = 'running'
          RETURNING 1`,
        [
          id,
          attempt,
          JSON.stringify(m),
          finite(m.totalReturnPct),
          finite(m.maxDrawdownPct),
          finite(m.sharpe),
          finite(m.sortino),
          finite(m.profitFactor),
          finite(m.winRatePct),
          finite(m.trades),
        ],
      );
      if (rows.length === 0) return false;
      await tx.query(
        `INSERT INTO backtest_results (backtest_id, result) VALUES ($1, $2)
         ON CONFLICT (backtest_id) DO UPDATE SET result = EXCLUDED.result`,
        [id, JSON.stringify(result)],
      );
      return true;
    });
  }

  /**
   * Fails the backtest with `error` while it is unfinished: under this run's attempt, or (null)
   * whichever run it is in (a job BullMQ gave up on after its worker died too often).
   */
  async fail(id: string, attempt: number | null, error: string): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE backtests SET status = 'failed', error = $3, finished_at = now()
        WHERE id = $1 AND ${UNFINISHED} AND ($2::int IS NULL OR attempt = $2)
        RETURNING 1`,
      [id, attempt, error.slice(0, 2000)],
    );
    return rows.length > 0;
  }

  /**
   * Backtests whose job may be missing from the queue, oldest first: queued for more than
   * `seconds` (the gateway's add failed after its commit), or running since more than
   * `runningSeconds` (a Redis that lost its data lost the running job too). Adding a job whose
   * id is still queued or running is a no-op, so asking too often costs nothing but the call.
   */
  async possiblyLost(seconds: number, runningSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      `SELECT id FROM backtests
        WHERE (status = 'queued' AND created_at < now() - make_interval(secs => $1))
           OR (status = 'running' AND started_at < now() - make_interval(secs => $2))
        ORDER BY created_at LIMIT $3`,
      [seconds, runningSeconds, limit],
    );
    return rows.map((row) => row.id);
  }
}
