import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';

export interface UserMarket {
  exchangeId: string;
  symbol: string;
}

/** The markets of users' bots that should run: what their live streams get tickers for. */
@Injectable()
export class UserMarkets {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /**
   * The markets of each of `userIds` (every id is in the answer, [] for a user without a
   * running bot), in one query: a burst of bot status changes across many users costs the
   * gateway one round trip, not one per user.
   */
  async ofUsers(userIds: readonly string[]): Promise<Map<string, UserMarket[]>> {
    const markets = new Map<string, UserMarket[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return markets;
    const rows = await this.sql.query<UserMarket & { userId: string }>(
      `SELECT DISTINCT user_id AS "userId", exchange_id AS "exchangeId", symbol FROM bots
        WHERE user_id = ANY($1::uuid[]) AND desired_state = 'running' AND deleted_at IS NULL`,
      [userIds],
    );
    for (const { userId, exchangeId, symbol } of rows)
      markets.get(userId)?.push({ exchangeId, symbol });
    return markets;
  }
}
