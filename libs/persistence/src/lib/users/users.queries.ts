import type { UserRole } from '../schema/domain-values';
import type { Sql } from '../sql/sql';
import { SqlStates, sqlStateOf } from '../sql/sql-state';
import { PLAN_LIMITS } from './plan-limits';

export interface StoredUser {
  id: string;
  email: string;
  role: UserRole;
  passwordHash: string;
  /** An operator disabled the account: it may not sign in. */
  disabled: boolean;
}

type UserRow = {
  id: string;
  email: string;
  role: UserRole;
  password_hash: string;
  disabled: boolean;
};
const toUser = (row: UserRow): StoredUser => ({
  id: row.id,
  email: row.email,
  role: row.role,
  passwordHash: row.password_hash,
  disabled: row.disabled,
});
const USER_COLUMNS = `id, email, role, password_hash, disabled_at IS NOT NULL AS disabled`;

/**
 * Creates the user with a free subscription, in one statement so there is never one without
 * the other. Null when the email is taken. `email` must already be trimmed and lower-cased.
 */
export async function insertUser(
  db: Sql,
  user: { email: string; passwordHash: string; role?: UserRole },
): Promise<StoredUser | null> {
  const free = PLAN_LIMITS.free;
  try {
    const rows = await db.query<UserRow>(
      `WITH new_user AS (
         INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3)
         RETURNING ${USER_COLUMNS}),
       plan AS (
         INSERT INTO subscriptions (user_id, plan, max_running_bots, max_bots, max_exchange_accounts)
         SELECT id, 'free', $4, $5, $6 FROM new_user)
       SELECT * FROM new_user`,
      [
        user.email,
        user.passwordHash,
        user.role ?? 'user',
        free.maxRunningBots,
        free.maxBots,
        free.maxExchangeAccounts,
      ],
    );
    return toUser(rows[0]);
  } catch (error) {
    if (sqlStateOf(error) === SqlStates.uniqueViolation) return null;
    throw error;
  }
}

export async function findUserByEmail(db: Sql, email: string): Promise<StoredUser | null> {
  const rows = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [
    email,
  ]);
  return rows[0] ? toUser(rows[0]) : null;
}

export async function findUserById(db: Sql, id: string): Promise<StoredUser | null> {
  const rows = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ? toUser(rows[0]) : null;
}

/** True when the user exists (its role is now `role`). */
export async function setUserRole(db: Sql, id: string, role: UserRole): Promise<boolean> {
  const rows = await db.query(
    `UPDATE users SET role = $2, updated_at = now() WHERE id = $1 RETURNING id`,
    [id, role],
  );
  return rows.length > 0;
}
