import type { ApiClient } from '@platform/testing';
import { Client } from 'pg';

/** Registers `email`, makes it an admin in Postgres (there is no API for that) and signs in. */
export async function adminToken(
  api: ApiClient,
  databaseUrl: string,
  email = 'admin@example.com',
): Promise<string> {
  const password = 'admin password for tests';
  await api.call('POST', '/auth/register', { body: { email, password } });
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    await sql.query(`UPDATE users SET role = 'admin' WHERE email = $1`, [email]);
  } finally {
    await sql.end();
  }
  return api.signIn(email, password);
}
