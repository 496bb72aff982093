import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';
import type { PlanLimits } from './plan-limits';

/** A user's subscription as the limit checks read it (locked or not). */
export interface Subscription extends PlanLimits {
  plan: string;
  validUntil: Date | null;
  /** A paid plan whose valid_until has passed (by Postgres' clock). */
  expired: boolean;
  /** An operator disabled the account: nothing may start, be created or be added. */
  accountDisabled: boolean;
}

type Row = {
  plan: string;
  max_running_bots: number;
  max_bots: number;
  max_exchange_accounts: number;
  valid_until: Date | null;
  expired: boolean;
  account_disabled: boolean;
};

const SELECT = `SELECT s.plan, s.max_running_bots, s.max_bots, s.max_exchange_accounts, s.valid_until,
    COALESCE(s.valid_until <= now(), false) AS expired, u.disabled_at IS NOT NULL AS account_disabled
  FROM subscriptions s JOIN users u ON u.id = s.user_id WHERE s.user_id = $1`;

const toSubscription = (row: Row): Subscription => ({
  plan: row.plan,
  maxRunningBots: row.max_running_bots,
  maxBots: row.max_bots,
  maxExchangeAccounts: row.max_exchange_accounts,
  validUntil: row.valid_until,
  expired: row.expired,
  accountDisabled: row.account_disabled,
});

/** Users' subscriptions, read for the limits of their plan. */
@Injectable()
export class SubscriptionsStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /**
   * Locks the user's subscription for the rest of the transaction: every write that a limit
   * guards (start, create a bot, add an account) and every plan change queues here, so
   * concurrent requests cannot all count the same free slot. The user's row is share-locked
   * too, so a disable (which updates that row) and a start are ordered: a start that waited
   * for a disable sees the account disabled (a locked row is read as committed after the
   * wait), and a disable that waited for a start stops the bot it started.
   */
  async lock(tx: Sql, userId: string): Promise<Subscription | null> {
    const [row] = await tx.query<Row>(`${SELECT} FOR UPDATE OF s FOR SHARE OF u`, [userId]);
    return row ? toSubscription(row) : null;
  }

  async find(userId: string): Promise<Subscription | null> {
    const [row] = await this.sql.query<Row>(SELECT, [userId]);
    return row ? toSubscription(row) : null;
  }
}
