import { Inject, Injectable } from '@nestjs/common';
import { findUserByEmail, insertUser, type StoredUser, type UserRole } from '@platform/persistence';
import { SQL, type Sql } from '../database/sql';

export type UserRecord = StoredUser;

export interface UserProfile {
  id: string;
  email: string;
  role: UserRole;
  createdAt: Date;
}

type UserRow = { id: string; email: string; role: UserRole; password_hash: string };
const toRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  email: row.email,
  role: row.role,
  passwordHash: row.password_hash,
});

/** Users, as the auth endpoints need them. */
@Injectable()
export class UsersStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** Creates the user with a free subscription (never one without the other); null if the email is taken. */
  create(email: string, passwordHash: string): Promise<UserRecord | null> {
    return insertUser(this.sql, { email, passwordHash });
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return findUserByEmail(this.sql, email);
  }

  async findById(id: string): Promise<UserRecord | null> {
    const [row] = await this.sql.query<UserRow>(
      `SELECT id, email, role, password_hash FROM users WHERE id = $1`,
      [id],
    );
    return row ? toRecord(row) : null;
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
