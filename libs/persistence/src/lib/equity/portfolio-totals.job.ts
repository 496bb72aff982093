import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';
import { type EquityJob, type EquityJobStep, runJob } from './equity-job';
import { QUOTE_OF_BOT } from './quote-of-bot';

/**
 * Each user's equity per minute, mode and quote currency (`portfolio_equity`), summed from the
 * bots' minute rows: a chart of a user's 1,000 bots then reads one series, not 1,000 (a day of
 * them was seconds of work per request). A bot counts with its newest row of the last three
 * minutes, so a minute it missed (a takeover between two workers' writes) is no dip in the
 * total; a bot that stopped leaves the total after that.
 *
 * A minute is summed once it is over and no write for it can still land: rows of minute M are
 * written during M (their statement times out after 15 s), so M is summed from M + 2 minutes.
 * Any worker runs it after its own minute's write; one at a time (EquityJob).
 */
const TOTALS: EquityJob = {
  name: 'portfolio-totals',
  table: 'bot_equity',
  unit: 'minute',
  chunk: '10 minutes',
  cutoff: `date_trunc('minute', now() - interval '1 minute')`,
  // One pass over the window's rows (and the two minutes before it): each row stands for its
  // bot from its minute until the bot's next row, three minutes at most.
  work: (tx, start, end) =>
    tx.query(
      `INSERT INTO portfolio_equity
         (user_id, mode, quote_currency, at, equity, realized_profit, unrealized_profit, bots)
       SELECT b.user_id, b.mode, ${QUOTE_OF_BOT}, m.minute, sum(r.equity),
              sum(r.realized_profit), sum(r.unrealized_profit), count(*)
         FROM (SELECT bot_id, at, equity, realized_profit, unrealized_profit,
                      lead(at) OVER (PARTITION BY bot_id ORDER BY at) AS next_at
                 FROM bot_equity
                WHERE at >= $1::timestamptz - interval '2 minutes' AND at < $2) r
        CROSS JOIN LATERAL generate_series(
                date_trunc('minute', r.at),
                LEAST(r.next_at - interval '1 second', r.at + interval '2 minutes'),
                interval '1 minute') AS m(minute)
         JOIN bots b ON b.id = r.bot_id
        WHERE m.minute >= $1 AND m.minute < $2
        GROUP BY b.user_id, b.mode, ${QUOTE_OF_BOT}, m.minute
       ON CONFLICT (user_id, mode, quote_currency, at) DO UPDATE SET
         equity = EXCLUDED.equity, realized_profit = EXCLUDED.realized_profit,
         unrealized_profit = EXCLUDED.unrealized_profit, bots = EXCLUDED.bots`,
      [start, end],
    ),
};

@Injectable()
export class PortfolioTotals {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** Sums every minute that is over and not summed yet (at most `maxSteps` chunks of 10). */
  run(maxSteps = 30): Promise<EquityJobStep> {
    return runJob(this.sql, TOTALS, maxSteps);
  }
}
