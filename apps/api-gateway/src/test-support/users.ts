import type { ApiClient, SeedDb } from '@platform/testing';

/** The id of the user a session belongs to (GET /auth/me). */
export const userIdOf = async (api: ApiClient, token: string): Promise<string> =>
  (await api.get('/auth/me', { token })).body.id as string;

/** Signs `email` up (if new) and in through the API: the session token and the user's id. */
export async function signUpAndSignIn(
  api: ApiClient,
  email: string,
  password?: string,
): Promise<{ token: string; id: string }> {
  const token = await api.signIn(email, password);
  return { token, id: await userIdOf(api, token) };
}

/**
 * Signs `email` up, makes it an admin in Postgres (no route makes the first admin) and signs
 * in again, so the session carries the role: the admin's token.
 */
export async function signInAsAdmin(
  api: ApiClient,
  sql: SeedDb,
  email: string,
  password?: string,
): Promise<string> {
  await api.signIn(email, password);
  await sql.query(`UPDATE users SET role = 'admin' WHERE email = $1`, [email]);
  return api.signIn(email, password);
}
