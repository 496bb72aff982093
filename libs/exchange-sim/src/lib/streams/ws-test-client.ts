import WebSocket from 'ws';

// A real `ws` client for the stream specs: collects every text frame and the close.

export interface TestSocket {
  ws: WebSocket;
  messages: unknown[];
  closed: Promise<{ code: number; reason: string }>;
  /** The next message (after those already seen) that `match` accepts. */
  next(match?: (message: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  send(body: unknown): void;
  close(): void;
}

export async function connect(
  url: string,
  options: WebSocket.ClientOptions = {},
): Promise<TestSocket> {
  const ws = new WebSocket(url, options);
  const messages: unknown[] = [];
  const waiters: { match: (m: unknown) => boolean; resolve: (m: unknown) => void }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as unknown;
    messages.push(message);
    const index = waiters.findIndex((w) => w.match(message));
    if (index >= 0) waiters.splice(index, 1)[0].resolve(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    ws,
    messages,
    closed,
    next: (match = () => true, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no such message in time')), timeoutMs);
        waiters.push({
          match,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      }),
    send: (body) => ws.send(typeof body === 'string' ? body : JSON.stringify(body)),
    close: () => ws.terminate(),
  };
}

/** The HTTP status a refused upgrade answered with. */
export function refusedStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the connection was accepted'));
    });
    ws.once('error', () => undefined);
  });
}
