// One client process of bench:live: opens the SSE streams it is given the way the dashboard
// does (POST /live/ticket with the user's session, then GET /live?ticket=), over plain
// keep-alive-free node:http connections, and notes when each bench event arrives. Driven by its
// parent over IPC: `open` (then `opened`), `report` (then `latencies`). Not run on its own.
import { type IncomingMessage, request } from 'node:http';

export interface OpenCommand {
  kind: 'open';
  baseUrl: string;
  /** One session token per stream: streams of a user share it, as a browser's tabs do. */
  tokens: string[];
  concurrency: number;
}

export type ParentMessage = OpenCommand | { kind: 'report' } | { kind: 'close' };

export type ChildMessage =
  | { kind: 'opened'; streams: number; failed: number; firstError: string | null }
  | { kind: 'latencies'; latencies: number[]; events: number };

/** What a bench event's `reason` carries: `bench <round> <epoch ms when published>`. */
const BENCH_REASON = /"reason":"bench (\d+) ([\d.]+)"/;

const latencies: number[] = [];
let events = 0;
const streams: IncomingMessage[] = [];

const now = () => performance.timeOrigin + performance.now();

function post(url: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${token}` }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          res.statusCode === 201
            ? resolve(body)
            : reject(new Error(`ticket: ${res.statusCode} ${body}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A stream open until the process ends; resolves once the gateway sent `ready`. */
function openStream(baseUrl: string, ticket: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/live?ticket=${ticket}`, { agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`stream: ${res.statusCode}`));
      }
      streams.push(res);
      res.setEncoding('utf8');
      let ready = false;
      let pending = '';
      res.on('data', (chunk: string) => {
        const receivedAt = now();
        // whole frames only (a frame may arrive in two chunks)
        pending += chunk;
        const end = pending.lastIndexOf('\n\n');
        if (end === -1) return;
        const frames = pending.slice(0, end);
        pending = pending.slice(end + 2);
        if (!ready && frames.includes('event: ready')) {
          ready = true;
          resolve();
        }
        for (const frame of frames.split('\n\n')) {
          const match = BENCH_REASON.exec(frame);
          if (!match) continue;
          events++;
          latencies.push(receivedAt - Number(match[2]));
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

async function open({ baseUrl, tokens, concurrency }: OpenCommand): Promise<void> {
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async () => {
    while (next < tokens.length) {
      const token = tokens[next++];
      try {
        const { ticket } = JSON.parse(await post(`${baseUrl}/live/ticket`, token)) as {
          ticket: string;
        };
        await openStream(baseUrl, ticket);
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  send({ kind: 'opened', streams: streams.length, failed, firstError });
}

const send = (message: ChildMessage) => process.send?.(message);

process.on('message', (message: ParentMessage) => {
  if (message.kind === 'open') void open(message);
  else if (message.kind === 'report') send({ kind: 'latencies', latencies, events });
  else {
    for (const stream of streams) stream.destroy();
    process.exit(0);
  }
});
