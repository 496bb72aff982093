import { Inject, Injectable } from '@nestjs/common';
import type { SubscriptionPlan, UserRole } from '../schema/domain-values';
import { afterCursor, cursorParams, sortKey, type TimeCursor } from '../sql/keyset';
import { SQL, type Sql } from '../sql/sql';
import { disableUser, enableUser } from './account-status.queries';
import { PLAN_LIMITS } from './plan-limits';
import { setUserRole } from './users.queries';

/** A user as admins see it: account, subscription (null: none) and what the user holds. */
export interface AdminUserRow {
  id: string;
  email: string;
  role: UserRole;
  created_at: Date;
  sort_key: string;
  disabled_at: Date | null;
  disabled_reason: string | null;
  plan: SubscriptionPlan | null;
  max_running_bots: number | null;
  max_bots: number | null;
  max_exchange_accounts: number | null;
  valid_until: Date | null;
  expired: boolean;
  bots: number;
  running_bots: number;
  exchange_accounts: number;
}

const COLUMNS = `u.id, u.email, u.role, u.created_at, ${sortKey('u.created_at')},
  u.disabled_at, u.disabled_reason,
  s.plan, s.max_running_bots, s.max_bots, s.max_exchange_accounts, s.valid_until,
  COALESCE(s.valid_until <= now(), false) AS expired,
  (SELECT count(*)::int FROM bots b WHERE b.user_id = u.id AND b.deleted_at IS NULL) AS bots,
  (SELECT count(*)::int FROM bots b WHERE b.user_id = u.id AND b.deleted_at IS NULL
      AND b.desired_state = 'running') AS running_bots,
  (SELECT count(*)::int FROM exchange_accounts a WHERE a.user_id = u.id) AS exchange_accounts`;
const FROM = `users u LEFT JOIN subscriptions s ON s.user_id = u.id`;

/** Every user, for admins: lookups, plan and role changes, disabling. */
@Injectable()
export class AdminUsersStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** Newest first, `limit + 1` rows; `emailPart`: only emails containing it. */
  list(limit: number, emailPart?: string, after?: TimeCursor): Promise<AdminUserRow[]> {
    return this.sql.query<AdminUserRow>(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE ($1::text IS NULL OR strpos(u.email, $1) > 0)
          AND ${afterCursor('created_at', 2, 'u')}
        ORDER BY u.created_at DESC, u.id DESC LIMIT $4`,
      [emailPart ?? null, ...cursorParams(after), limit + 1],
    );
  }

  async find(id: string): Promise<AdminUserRow | null> {
    const [row] = await this.sql.query<AdminUserRow>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE u.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * Sets the plan with its limits (a user without a subscription row gets one). The UPDATE
   * takes the row lock that starts and creates take, so it lands between two of them: the
   * next one counts against the new limits. False when the user does not exist.
   */
  async setPlan(id: string, plan: SubscriptionPlan, validUntil: string | null): Promise<boolean> {
    const limits = PLAN_LIMITS[plan];
    const rows = await this.sql.query(
      `INSERT INTO subscriptions (user_id, plan, max_running_bots, max_bots, max_exchange_accounts, valid_until)
       SELECT id, $2, $3, $4, $5, $6 FROM users WHERE id = $1
       ON CONFLICT (user_id) DO UPDATE SET plan = EXCLUDED.plan,
         max_running_bots = EXCLUDED.max_running_bots, max_bots = EXCLUDED.max_bots,
         max_exchange_accounts = EXCLUDED.max_exchange_accounts,
         valid_until = EXCLUDED.valid_until, updated_at = now()
       RETURNING user_id`,
      [id, plan, limits.maxRunningBots, limits.maxBots, limits.maxExchangeAccounts, validUntil],
    );
    return rows.length > 0;
  }

  /** False when the user does not exist. */
  setRole(id: string, role: UserRole): Promise<boolean> {
    return setUserRole(this.sql, id, role);
  }

  /**
   * In one transaction: the account marked disabled and every bot of it that should run set to
   * stopped (see `disableUser`). The ids of the bots it stopped; null when the user does not
   * exist. Sessions are the caller's (Redis), after the commit.
   */
  disable(id: string, reason: string | null): Promise<string[] | null> {
    return this.sql.transaction((tx) => disableUser(tx, id, reason));
  }

  /** False when the user does not exist. */
  enable(id: string): Promise<boolean> {
    return enableUser(this.sql, id);
  }
}
