// The few gateway calls the demo seeding makes, over node's fetch, as any client would.

export interface GatewayAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the demo reads a few known fields
  body: any;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text; // not JSON (a proxy's error page): shown as it is
  }
}

export class GatewayClient {
  token: string | undefined;

  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown): Promise<GatewayAnswer> {
    const headers: Record<string, string> = {};
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text) };
  }

  /** The answer's body when its status is one of `ok`; else an error naming the call. */
  async expect(method: string, path: string, ok: number[], body?: unknown) {
    const answer = await this.call(method, path, body);
    if (!ok.includes(answer.status))
      throw new Error(
        `${method} ${path} answered ${answer.status}: ${answer.body?.message ?? JSON.stringify(answer.body)}`,
      );
    return answer.body;
  }
}
