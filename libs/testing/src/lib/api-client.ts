import { recordSecretFields, recordSecrets } from './test-run-output';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert response bodies field by field
export type ResponseBody = any;

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: ResponseBody;
  text: string;
}

export interface CallOptions {
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (malformed JSON, huge bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/**
 * HTTP calls to a gateway with node's fetch (the gateway in-process or a built one). Every answer
 * is kept in `answers` for the secrets checks; clients of several gateways may share one list.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly answers: ApiAnswer[] = [],
  ) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    recordSecrets(options.token);
    recordSecretFields(options.body);
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
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
      // not JSON (the docs page): keep the text
    }
    recordSecretFields(parsed); // session tokens, stream tickets
    const answer = { status: response.status, headers: response.headers, body: parsed, text };
    this.answers.push(answer);
    return answer;
  }

  get = (path: string, options?: CallOptions) => this.call('GET', path, options);
  post = (path: string, options?: CallOptions) => this.call('POST', path, options);
  delete = (path: string, options?: CallOptions) => this.call('DELETE', path, options);
  patch = (path: string, options?: CallOptions) => this.call('PATCH', path, options);
  put = (path: string, options?: CallOptions) => this.call('PUT', path, options);

  /** Registers (if needed) and signs in; returns the session token. */
  async signIn(
    email: string,
    password = 'a long enough password',
    headers?: Record<string, string>,
  ): Promise<string> {
    await this.post('/auth/register', { body: { email, password }, headers });
    const login = await this.post('/auth/login', { body: { email, password }, headers });
    if (login.status !== 200)
      throw new Error(`sign-in of ${email} failed: ${login.status} ${login.text}`);
    return login.body.token as string;
  }
}
