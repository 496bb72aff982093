import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';
import type { PlanLimits } from './plan-limits';

/** A user's subscription as the limit checks read it (locked or not). */
export interface Subscription extends PlanLimits {
  plan: string;
  validUntil: Date | null;
  /** A paid plan whose valid_until has passed (by Postgres' clock). */
  expired: boolean;
}

type Row = {
  plan: string;
  max_running_bots: number;
  max_bots: number;
  max_exchange_accounts: number;
  valid_until: Date | null;
  expired: boolean;
};

const COLUMNS = `plan, max_running_bots, max_bots, max_exchange_accounts, valid_until,
  COALESCE(valid_until <= now(), false) AS expired`;

const toSubscription = (row: Row): Subscription => ({
  plan: row.plan,
  maxRunningBots: row.max_running_bots,
  maxBots: row.max_bots,
  maxExchangeAccounts: row.max_exchange_accounts,
  validUntil: row.valid_until,
  expired: row.expired,
});

/** Users' subscriptions, read for the limits of their plan. */
@Injectable()
export class SubscriptionsStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /**
   * Locks the user's subscription for the rest of the transaction: every write that a limit
   * guards (start, create a bot, add an account) and every plan change queues here, so
   * concurrent requests cannot all count the same free slot.
   */
  async lock(tx: Sql, userId: string): Promise<Subscription | null> {
    const [row] = await tx.query<Row>(
      `SELECT ${COLUMNS} FROM subscriptions WHERE user_id = $1 FOR UPDATE`,
      [userId],
    );
    return row ? toSubscription(row) : null;
  }

  async find(userId: string): Promise<Subscription | null> {
    const [row] = await this.sql.query<Row>(
      `SELECT ${COLUMNS} FROM subscriptions WHERE user_id = $1`,
      [userId],
    );
    return row ? toSubscription(row) : null;
  }
}
