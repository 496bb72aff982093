import { Inject, Injectable } from '@nestjs/common';
import type { SubscriptionPlan, UserRole } from '@platform/persistence';
import { PgErrors, pgError, SQL, type Sql } from '../database/sql';
import { PLAN_LIMITS } from './subscription-plans';

export interface UserRecord {
  id: string;
  email: string;
  role: UserRole;
  passwordHash: string;
}

export interface UserProfile {
  id: string;
  email: string;
  role: UserRole;
  createdAt: Date;
  subscription: { plan: SubscriptionPlan; maxRunningBots: number; validUntil: Date | null } | null;
}

type UserRow = { id: string; email: string; role: UserRole; password_hash: string };
const toRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  email: row.email,
  role: row.role,
  passwordHash: row.password_hash,
});

/** Users and their subscription, as the auth endpoints need them. */
@Injectable()
export class UsersStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** Creates the user with a free subscription (one statement, so never one without the other); null if the email is taken. */
  async create(email: string, passwordHash: string): Promise<UserRecord | null> {
    try {
      const [row] = await this.sql.query<UserRow>(
        `WITH new_user AS (
           INSERT INTO users (email, password_hash) VALUES ($1, $2)
           RETURNING id, email, role, password_hash),
         plan AS (
           INSERT INTO subscriptions (user_id, plan, max_running_bots)
           SELECT id, 'free', $3 FROM new_user)
         SELECT * FROM new_user`,
        [email, passwordHash, PLAN_LIMITS.free.maxRunningBots],
      );
      return toRecord(row);
    } catch (error) {
      if (pgError(error).code === PgErrors.uniqueViolation) return null;
      throw error;
    }
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const [row] = await this.sql.query<UserRow>(
      `SELECT id, email, role, password_hash FROM users WHERE email = $1`,
      [email],
    );
    return row ? toRecord(row) : null;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const [row] = await this.sql.query<UserRow>(
      `SELECT id, email, role, password_hash FROM users WHERE id = $1`,
      [id],
    );
    return row ? toRecord(row) : null;
  }

  async profile(id: string): Promise<UserProfile | null> {
    const [row] = await this.sql.query<{
      id: string;
      email: string;
      role: UserRole;
      created_at: Date;
      plan: SubscriptionPlan | null;
      max_running_bots: number | null;
      valid_until: Date | null;
    }>(
      `SELECT u.id, u.email, u.role, u.created_at, s.plan, s.max_running_bots, s.valid_until
         FROM users u LEFT JOIN subscriptions s ON s.user_id = u.id WHERE u.id = $1`,
      [id],
    );
    if (!row) return null;
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      createdAt: row.created_at,
      subscription:
        row.plan === null
          ? null
          : {
              plan: row.plan,
              maxRunningBots: row.max_running_bots ?? 0,
              validUntil: row.valid_until,
            },
    };
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.sql.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [
      id,
      passwordHash,
    ]);
  }
}
