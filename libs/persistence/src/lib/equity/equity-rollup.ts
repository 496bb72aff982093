import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';
import { type EquityJob, type EquityJobStep, runJob } from './equity-job';

/** Thins `table` to the last row of each `unit` per series, for rows older than `olderThan`. */
function thinning(
  name: string,
  table: string,
  series: string,
  unit: 'hour' | 'day',
  olderThan: string,
  chunk: string,
): EquityJob {
  return {
    name,
    table,
    unit,
    chunk,
    cutoff: `date_trunc('${unit}', now() - interval '${olderThan}', 'UTC')`,
    work: (tx, start, end) =>
      tx.query(
        `DELETE FROM ${table} t USING (
           SELECT ${series}, at, row_number() OVER (
                    PARTITION BY ${series}, date_trunc('${unit}', at, 'UTC') ORDER BY at DESC) AS nth
             FROM ${table} WHERE at >= $1 AND at < $2) older
          WHERE ${series
            .split(', ')
            .map((column) => `t.${column} = older.${column}`)
            .join(' AND ')} AND t.at = older.at AND older.nth > 1`,
        [start, end],
      ),
  };
}

const BOT = 'bot_id';
const PORTFOLIO = 'user_id, mode, quote_currency';

// A chunk of an hour of minutes is 600,000 bot rows at 10,000 bots.
const JOBS: readonly EquityJob[] = [
  thinning('bot-equity-hourly', 'bot_equity', BOT, 'hour', '7 days', '1 hour'),
  thinning('bot-equity-daily', 'bot_equity', BOT, 'day', '90 days', '1 day'),
  thinning('portfolio-equity-hourly', 'portfolio_equity', PORTFOLIO, 'hour', '7 days', '6 hours'),
  thinning('portfolio-equity-daily', 'portfolio_equity', PORTFOLIO, 'day', '90 days', '7 days'),
];

/**
 * Keeps the equity history compact: rows older than 7 days are thinned to the last row of each
 * hour (UTC), older than 90 days to the last of each day, in `bot_equity` per bot and in
 * `portfolio_equity` per user, mode and quote. The last row, not an average: a chart's "last
 * value per bucket" reads the same from thinned rows as from the minutes. Any worker may run
 * it, about hourly; each job one runner at a time (EquityJob).
 */
@Injectable()
export class EquityRollup {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** Each job until it is caught up (at most `maxSteps` chunks each); how each one ended. */
  async run(maxSteps = 48): Promise<Record<string, EquityJobStep>> {
    const outcome: Record<string, EquityJobStep> = {};
    for (const job of JOBS) outcome[job.name] = await runJob(this.sql, job, maxSteps);
    return outcome;
  }
}
