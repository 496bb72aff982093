import { idOf, type Ref, type SeedDb } from './seed-db';

/** A run of minute snapshots: `count` minutes from `from`, equity `base` + the minute's index. */
export interface EquitySeriesSeed {
  from: Date;
  count: number;
  base?: number;
}

/** `bot`'s equity snapshots, one a minute (what its worker writes while it runs). */
export async function seedBotEquity(
  db: SeedDb,
  bot: Ref,
  { from, count, base = 1000 }: EquitySeriesSeed,
): Promise<void> {
  await db.query(
    `INSERT INTO bot_equity (bot_id, at, equity, realized_profit, unrealized_profit, position_base, price)
     SELECT $1, date_trunc('minute', $2::timestamptz) + n * interval '1 minute', $4::numeric + n,
            n, 0, 0, NULL
       FROM generate_series(0, $3 - 1) AS n`,
    [idOf(bot), from, count, base],
  );
}

/** `user`'s summed equity of one mode and quote currency, one total a minute. */
export async function seedPortfolioEquity(
  db: SeedDb,
  user: Ref,
  series: EquitySeriesSeed & { mode: 'paper' | 'live'; quote: string; bots?: number },
): Promise<void> {
  const { from, count, base = 1000, mode, quote, bots = 1 } = series;
  await db.query(
    `INSERT INTO portfolio_equity (user_id, mode, quote_currency, at, equity, realized_profit,
       unrealized_profit, bots)
     SELECT $1, $2, $3, date_trunc('minute', $4::timestamptz) + n * interval '1 minute',
            $6::numeric + n, n, 0, $7
       FROM generate_series(0, $5 - 1) AS n`,
    [idOf(user), mode, quote, from, count, base, bots],
  );
}
