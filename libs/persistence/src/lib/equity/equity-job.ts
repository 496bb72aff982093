import type { Sql } from '../sql/sql';

/** 'done': caught up; 'more': chunks remain; 'busy': another runner holds the job. */
export type EquityJobStep = 'done' | 'more' | 'busy';

/**
 * A job over the equity history that walks forward in time, a chunk per transaction. Its
 * progress is its row of `equity_jobs` (`done_until`), locked FOR UPDATE SKIP LOCKED for the
 * step: any worker may run it, one at a time, and a second runner gets 'busy' at once instead
 * of queueing behind the first.
 */
export interface EquityJob {
  /** Its row of equity_jobs. */
  name: string;
  /** SQL: how far the job may go now, e.g. the hour that began 7 days ago. */
  cutoff: string;
  /** The window starts at the first row of this table after done_until, on this unit. */
  table: string;
  unit: 'minute' | 'hour' | 'day';
  /** The most time one transaction covers (an interval), so a step stays bounded. */
  chunk: string;
  /** The job's work on [start, end), in the step's transaction. */
  work(tx: Sql, start: Date, end: Date): Promise<unknown>;
}

/** One step: the next chunk after done_until (nothing when caught up), then done_until moves on. */
export function stepJob(sql: Sql, job: EquityJob): Promise<EquityJobStep> {
  return sql.transaction(async (tx) => {
    const locked = await tx.query(
      `SELECT 1 FROM equity_jobs WHERE job = $1 FOR UPDATE SKIP LOCKED`,
      [job.name],
    );
    if (locked.length === 0) return 'busy';
    // from the first row not done yet, so an empty stretch costs nothing
    const [window] = await tx.query<{
      window_start: Date | null;
      window_end: Date | null;
      cutoff: Date;
    }>(
      `SELECT w.window_start, LEAST(w.window_start + $3::interval, w.cutoff) AS window_end, w.cutoff
         FROM (SELECT j.cutoff,
                      (SELECT date_trunc($2, min(t.at), 'UTC') FROM ${job.table} t
                        WHERE t.at >= j.done_until AND t.at < j.cutoff) AS window_start
                 FROM (SELECT done_until, ${job.cutoff} AS cutoff
                         FROM equity_jobs WHERE job = $1) j) w`,
      [job.name, job.unit, job.chunk],
    );
    const end = window.window_end ?? window.cutoff;
    if (window.window_start) await job.work(tx, window.window_start, end);
    await tx.query(`UPDATE equity_jobs SET done_until = $2 WHERE job = $1`, [job.name, end]);
    return end.getTime() < window.cutoff.getTime() ? 'more' : 'done';
  });
}

/** Steps the job until it is caught up, someone else holds it, or `maxSteps` steps ran. */
export async function runJob(sql: Sql, job: EquityJob, maxSteps: number): Promise<EquityJobStep> {
  let step: EquityJobStep = 'done';
  for (let n = 0; n < maxSteps; n++) {
    step = await stepJob(sql, job);
    if (step !== 'more') break;
  }
  return step;
}
