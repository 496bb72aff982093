import { Inject, Injectable } from '@nestjs/common';
import { isoText } from '../bots/bot-row';
import { SQL, type Sql } from '../sql/sql';

/** A user's own risk limits, across all their bots (docs/risk.md). */
export interface UserRiskLimits {
  /** No new buys for the rest of the UTC day once the user's bots lost this much; null: none. */
  maxDailyLossQuote: number | null;
  updatedAt: string | null;
}

/** Each user's risk limits; every query names the user, so one never reads another's. */
@Injectable()
export class UserRiskLimitsStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** The user's limits; a user who never set any has none. */
  async get(userId: string): Promise<UserRiskLimits> {
    const [row] = await this.sql.query<{ limit: number | null; updated: string }>(
      `SELECT max_daily_loss_quote::float8 AS limit,
              ${isoText('updated_at')} AS updated
         FROM user_risk_limits WHERE user_id = $1`,
      [userId],
    );
    return { maxDailyLossQuote: row?.limit ?? null, updatedAt: row?.updated ?? null };
  }

  /** Replaces the user's limits (null: none). */
  async put(userId: string, limits: Pick<UserRiskLimits, 'maxDailyLossQuote'>) {
    await this.sql.query(
      `INSERT INTO user_risk_limits (user_id, max_daily_loss_quote, updated_at)
       VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET max_daily_loss_quote = $2, updated_at = now()`,
      [userId, limits.maxDailyLossQuote],
    );
    return this.get(userId);
  }
}
