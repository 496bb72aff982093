import type { ApiClient } from '@platform/testing';

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
