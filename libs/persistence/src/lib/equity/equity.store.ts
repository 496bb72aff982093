import { Inject, Injectable } from '@nestjs/common';
import { isoText } from '../bots/bot-row';
import type { BotMode, Decimal } from '../schema/domain-values';
import { SQL, type Sql } from '../sql/sql';
import { equityBucketSeconds } from './equity-buckets';
import type { EquityPoint, PortfolioEquityPoint } from './equity.types';

interface EquityRow {
  at_iso: string | null;
  equity: Decimal;
  realized_profit: Decimal;
  unrealized_profit: Decimal;
  position_base: Decimal;
  price: Decimal | null;
}

interface PortfolioEquityRow {
  at_iso: string;
  equity: Decimal;
  realized_profit: Decimal;
  unrealized_profit: Decimal;
  bots: number;
}

// Epoch-aligned buckets of $n seconds (see equityBucketSeconds).
const bucketOf = (param: string) => `date_bin(${param}::int * interval '1 second', e.at, 'epoch')`;

/**
 * Equity history as the dashboard charts it, thinned to at most `maxPoints` points over
 * [from, to] by time buckets (the last snapshot of each). Every query names the owner: another
 * user's bot, or a deleted one, is not found.
 */
@Injectable()
export class EquityStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** One bot's history, oldest first; null when the bot is not the user's (or deleted). */
  async equityOf(
    userId: string,
    botId: string,
    from: Date,
    to: Date,
    maxPoints: number,
  ): Promise<EquityPoint[] | null> {
    const bucket = equityBucketSeconds(from, to, maxPoints);
    // one row per point, or a single row of NULLs for an owned bot without any: none is not found
    const rows = await this.sql.query<EquityRow>(
      `SELECT pts.* FROM bots b
         LEFT JOIN LATERAL (
           SELECT DISTINCT ON (${bucketOf('$5')}) ${isoText('e.at')} AS at_iso, e.at,
                  e.equity::text, e.realized_profit::text, e.unrealized_profit::text,
                  e.position_base::text, e.price::text
             FROM bot_equity e
            WHERE e.bot_id = b.id AND e.at >= $3 AND e.at <= $4
            ORDER BY ${bucketOf('$5')}, e.at DESC) pts ON true
        WHERE b.id = $2 AND b.user_id = $1 AND b.deleted_at IS NULL
        ORDER BY pts.at`,
      [userId, botId, from, to, bucket],
    );
    if (rows.length === 0) return null;
    return rows
      .filter((row) => row.at_iso !== null)
      .map((row) => ({
        at: row.at_iso as string,
        equity: row.equity,
        realizedProfit: row.realized_profit,
        unrealizedProfit: row.unrealized_profit,
        positionBase: row.position_base,
        price: row.price,
      }));
  }

  /**
   * The user's totals over its bots of one mode and quote currency (paper never added to live,
   * nor USDT to BTC), as PortfolioTotals summed them each minute: the last total of each
   * bucket, oldest first. The newest two minutes are not summed yet.
   */
  async portfolioEquity(
    userId: string,
    mode: BotMode,
    quoteCurrency: string,
    from: Date,
    to: Date,
    maxPoints: number,
  ): Promise<PortfolioEquityPoint[]> {
    const bucket = equityBucketSeconds(from, to, maxPoints);
    const rows = await this.sql.query<PortfolioEquityRow>(
      `SELECT DISTINCT ON (${bucketOf('$6')}) ${isoText('e.at')} AS at_iso, e.equity::text,
              e.realized_profit::text, e.unrealized_profit::text, e.bots
         FROM portfolio_equity e
        WHERE e.user_id = $1 AND e.mode = $2 AND e.quote_currency = $3
          AND e.at >= $4 AND e.at <= $5
        ORDER BY ${bucketOf('$6')}, e.at DESC`,
      [userId, mode, quoteCurrency, from, to, bucket],
    );
    return rows.map((row) => ({
      at: row.at_iso,
      equity: row.equity,
      realizedProfit: row.realized_profit,
      unrealizedProfit: row.unrealized_profit,
      bots: row.bots,
    }));
  }
}
