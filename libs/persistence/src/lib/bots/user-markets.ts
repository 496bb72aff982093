import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';

/** The markets of a user's bots that should run: what their live streams get tickers for. */
@Injectable()
export class UserMarkets {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  of(userId: string): Promise<{ exchangeId: string; symbol: string }[]> {
    return this.sql.query<{ exchangeId: string; symbol: string }>(
      `SELECT DISTINCT exchange_id AS "exchangeId", symbol FROM bots
        WHERE user_id = $1 AND desired_state = 'running' AND deleted_at IS NULL`,
      [userId],
    );
  }
}
