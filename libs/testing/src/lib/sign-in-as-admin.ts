import type { ApiClient } from './api-client';
import type { SeedDb } from './seed/seed-db';

/**
 * Signs `email` up, makes it an admin in Postgres (no route makes the first admin) and signs
 * in again, so the session carries the role: the admin's token.
 */
export async function signInAsAdmin(
  api: ApiClient,
  db: SeedDb,
  email: string,
  password?: string,
): Promise<string> {
  await api.signIn(email, password);
  await db.query(`UPDATE users SET role = 'admin' WHERE email = $1`, [email]);
  return api.signIn(email, password);
}
