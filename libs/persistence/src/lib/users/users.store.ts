import { Inject, Injectable } from '@nestjs/common';
import type { UserRole } from '../schema/domain-values';
import { SQL, type Sql } from '../sql/sql';
import { findUserByEmail, findUserById, insertUser, type StoredUser } from './users.queries';

export interface UserProfile {
  id: string;
  email: string;
  role: UserRole;
  createdAt: Date;
}

/** Users, as the auth endpoints need them. */
@Injectable()
export class UsersStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** Creates the user with a free subscription (never one without the other); null if the email is taken. */
  create(email: string, passwordHash: string): Promise<StoredUser | null> {
    return insertUser(this.sql, { email, passwordHash });
  }

  findByEmail(email: string): Promise<StoredUser | null> {
    return findUserByEmail(this.sql, email);
  }

  findById(id: string): Promise<StoredUser | null> {
    return findUserById(this.sql, id);
  }

  async profile(id: string): Promise<UserProfile | null> {
    const [row] = await this.sql.query<UserProfile>(
      `SELECT id, email, role, created_at AS "createdAt" FROM users WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.sql.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [
      id,
      passwordHash,
    ]);
  }
}
