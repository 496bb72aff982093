// One client process of bench:live: opens the SSE streams it is given the way the dashboard
// does (POST /live/ticket with the user's session, then GET /live?ticket=) and notes when each
// bench event arrives. A stream is read off its TCP socket as bytes (the status line checked,
// then each read searched for the bench's marker): the clients share the machine with the
// gateway they measure, so they do as little per event as they can. Driven by its
// parent over IPC: `open` (then `opened`), `count` (then `counted`: cheap, asked while a round's
// events arrive), `report` (then `latencies`, once, after the last round: sending them all is
// work the streams would otherwise wait for). Not run on its own.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface OpenCommand {
  kind: 'open';
  baseUrl: string;
  /** One session token per stream: streams of a user share it, as a browser's tabs do. */
  tokens: string[];
  concurrency: number;
}

export type ParentMessage =
  | OpenCommand
  | { kind: 'count' }
  | { kind: 'report' }
  | { kind: 'close' };

export type ChildMessage =
  | { kind: 'opened'; streams: number; failed: number; firstError: string | null }
  | { kind: 'counted'; events: number }
  /** `rounds[i]` is the round of `latencies[i]`. */
  | { kind: 'latencies'; latencies: number[]; rounds: number[]; events: number };

/** What a bench event's `reason` carries: `bench <round> <epoch ms when published>`. */
const BENCH_REASON = /"reason":"bench (\d+) ([\d.]+)"/g;

const latencies: number[] = [];
const rounds: number[] = [];
let events = 0;
const streams: Socket[] = [];

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
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    socket.setEncoding('latin1'); // the marker and the times are ASCII: no UTF-8 decoding
    let head = true;
    let ready = false;
    let pending = '';
    socket.on('connect', () =>
      socket.write(`GET /live?ticket=${ticket} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`),
    );
    socket.on('data', (text: string) => {
      const receivedAt = now();
      if (head) {
        head = false;
        if (!text.startsWith('HTTP/1.1 200')) {
          socket.destroy();
          return reject(new Error(`stream: ${text.slice(0, text.indexOf('\r\n'))}`));
        }
        streams.push(socket);
      }
      // whole frames only (a frame may arrive in two reads)
      pending += text;
      const end = pending.lastIndexOf('\n\n');
      if (end === -1) return;
      const frames = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (!ready && frames.includes('event: ready')) {
        ready = true;
        resolve();
      }
      BENCH_REASON.lastIndex = 0;
      for (let match = BENCH_REASON.exec(frames); match; match = BENCH_REASON.exec(frames)) {
        events++;
        latencies.push(receivedAt - Number(match[2]));
        rounds.push(Number(match[1]));
      }
    });
    socket.on('error', (error) => (ready ? undefined : reject(error)));
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
  else if (message.kind === 'count') send({ kind: 'counted', events });
  else if (message.kind === 'report') send({ kind: 'latencies', latencies, rounds, events });
  else {
    for (const stream of streams) stream.destroy();
    process.exit(0);
  }
});
