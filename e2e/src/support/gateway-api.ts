import { Client } from 'pg';
import type { RunningService } from './cluster';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert response bodies field by field
export type ResponseBody = any;

export interface GatewayAnswer {
  status: number;
  headers: Headers;
  body: ResponseBody;
  text: string;
}

/**
 * JSON calls to one gateway process; `log` (shared between gateways if given) keeps every
 * answer so a test can search all of them for leaked secrets.
 */
export class GatewayApi {
  constructor(
    private readonly gateway: RunningService,
    readonly log: GatewayAnswer[] = [],
  ) {}

  async call(
    method: string,
    path: string,
    options: {
      token?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<GatewayAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    const body = options.body !== undefined ? JSON.stringify(options.body) : options.rawBody;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.gateway.url(path), {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    let parsed: ResponseBody = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    const answer = { status: response.status, headers: response.headers, body: parsed, text };
    this.log.push(answer);
    return answer;
  }

  /** Registers the account if needed and signs in; returns the session token. */
  async signIn(email: string, password: string, headers?: Record<string, string>): Promise<string> {
    await this.call('POST', '/auth/register', { body: { email, password }, headers });
    const login = await this.call('POST', '/auth/login', { body: { email, password }, headers });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${login.text}`);
    return login.body.token;
  }
}

/** Registers `email`, makes it an admin in Postgres (there is no API for that) and signs in. */
export async function adminToken(
  api: GatewayApi,
  databaseUrl: string,
  email = 'admin@example.com',
) {
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
