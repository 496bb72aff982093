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

export interface LiveEventReceived {
  event: string;
  data: ResponseBody;
}

/** A server-sent-events client (GET /live) that keeps every event it receives. */
export class LiveStreamClient {
  readonly events: LiveEventReceived[] = [];
  private readonly abort = new AbortController();

  private constructor(readonly status: number) {}

  static async open(
    gateway: RunningService,
    headers: Record<string, string>,
    query = '',
  ): Promise<LiveStreamClient> {
    const probe = new AbortController();
    const response = await fetch(gateway.url(`/live${query}`), { headers, signal: probe.signal });
    const client = new LiveStreamClient(response.status);
    client.abort.signal.addEventListener('abort', () => probe.abort());
    if (response.status === 200 && response.body) void client.read(response.body.getReader());
    else await response.text();
    return client;
  }

  of(type: string): LiveEventReceived[] {
    return this.events.filter((e) => e.event === type);
  }

  async waitFor(
    match: (e: LiveEventReceived) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<LiveEventReceived> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no ${what} within ${timeoutMs} ms; got ${JSON.stringify(this.events).slice(0, 2000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) this.events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // closed
    }
  }
}
