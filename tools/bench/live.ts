// Live streams at scale: `--clients` concurrent server-sent-event streams on ONE api-gateway,
// opened as the dashboard opens them (a user's session, one single-use ticket per stream,
// GET /live?ticket=), from `--client-processes` processes of their own so the client side is
// not what is measured. The users' bots change status at once: a worker-like process
// publishes one bot.status event per user through LivePublisher (what bot-workers use:
// PUBLISH on the user's channel), the gateway's live hub relays it to each of that user's
// streams. Per round: every stream must get its event; the latency is from the PUBLISH to the
// moment a client read it. Also the gateway's memory per open stream (RSS with the streams
// open minus RSS before, per stream), and the CPU each round cost the gateway and the
// clients (Linux). `--warmup-rounds` go first and are not in the figures (the first relay
// of a fresh gateway compiles its code; their p99 is printed apart). Figures only, no
// assertions. Prints one JSON line.
//   npm run bench:live -- [--clients 10000] [--streams-per-user 10] [--rounds 5]
//                         [--warmup-rounds 1] [--client-processes <cores, at least 2>]
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { hash } from 'argon2';
import {
  ApiClient,
  freePort,
  seedBot,
  seedUser,
  withPgClient,
  workspaceRoot,
} from '@platform/testing';
import {
  parseFlags,
  percentile,
  printFigures,
  progress,
  runBench,
  sleep,
  startStores,
} from './bench-kit';
import { waitUntil } from './bench-wait';
import { startGateway, waitForLiveGateway } from './gateway-under-test';
import type { ChildMessage, ParentMessage } from './live-clients';
import type { WorkerCommand } from './live-worker';

const {
  clients: CLIENTS,
  streamsPerUser: STREAMS_PER_USER,
  rounds: ROUNDS,
  warmupRounds: WARMUP_ROUNDS,
  clientProcesses: CLIENT_PROCESSES,
} = parseFlags('npm run bench:live --', {
  clients: 10_000,
  streamsPerUser: 10,
  rounds: 5,
  warmupRounds: 1,
  // one per core: more would only make them take turns on the cores the gateway needs too
  clientProcesses: Math.max(2, cpus().length),
});
// The gateway holds at most 10 streams per user (LiveModule's maxStreamsPerUser).
const MAX_STREAMS_PER_USER = 10;
if (STREAMS_PER_USER < 1 || STREAMS_PER_USER > MAX_STREAMS_PER_USER) {
  process.stderr.write(
    `--streams-per-user must be 1..${MAX_STREAMS_PER_USER} (the gateway's limit)\n`,
  );
  process.exit(2);
}
const PASSWORD = 'a long bench password';
/** Sign-ins at once (each is an argon2 verification on the gateway's thread pool). */
const SIGN_IN_CONCURRENCY = 8;
const log = progress('bench:live');

/** A process's resident memory in KiB (Linux); null where /proc is not there. */
function rssKb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** A process's CPU time so far in ms (user + system; Linux), null where /proc is not there. */
function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // the fields after the command's closing parenthesis: utime and stime are the 12th and 13th
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return null;
  }
}

const sum = (values: (number | null)[]) =>
  values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v as number), 0);

/** A TypeScript module of this folder as a child process with an IPC channel. */
function forkTs(file: string, env: Record<string, string> = {}): ChildProcess {
  return fork(join(workspaceRoot(), 'tools', 'bench', file), [], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The next message of `kind` from `child` (its exit first is an error). */
function nextMessage<M extends { kind: string }, K extends M['kind']>(
  child: ChildProcess,
  kind: K,
): Promise<Extract<M, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: M) => {
      if (message.kind !== kind) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<M, { kind: K }>);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`a child exited (${code}) before '${kind}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function main() {
  const users = Math.ceil(CLIENTS / STREAMS_PER_USER);
  const stores = await startStores();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const gateway = startGateway(stores, port, { LIVE_HEARTBEAT_MS: '15000' });
  const children: ChildProcess[] = [];
  try {
    await waitForLiveGateway(gateway, port);
    // Users seeded with a real password hash (the gateway's parameters), then signed in
    // through the API: one session each, shared by its streams as a browser's tabs share one.
    log(`${users} users, ${STREAMS_PER_USER} streams each (${CLIENTS} clients)`);
    const passwordHash = await hash(PASSWORD, { memoryCost: 19 * 1024, timeCost: 2 });
    const seeded = await withPgClient(stores.db.url, async (sql) => {
      const list: { userId: string; botId: string; email: string }[] = [];
      for (let i = 0; i < users; i++) {
        const user = await seedUser(sql, { email: `live-${i}@example.com`, passwordHash });
        const bot = await seedBot(sql, { user: user.id, state: 'stopped' });
        list.push({ userId: user.id, botId: bot.id, email: user.email });
      }
      return list;
    });
    const api = new ApiClient(base);
    const signIn = async (email: string) => {
      const login = await api.post('/auth/login', { body: { email, password: PASSWORD } });
      if (login.status !== 200)
        throw new Error(`sign-in of ${email}: ${login.status} ${login.text}`);
      return login.body.token as string;
    };
    const tokens: string[] = [];
    for (let i = 0; i < seeded.length; i += SIGN_IN_CONCURRENCY)
      tokens.push(
        ...(await Promise.all(
          seeded.slice(i, i + SIGN_IN_CONCURRENCY).map((u) => signIn(u.email)),
        )),
      );
    const rssBefore = rssKb(gateway.pid);

    log(`opening ${CLIENTS} streams from ${CLIENT_PROCESSES} client processes`);
    const streamTokens = Array.from({ length: CLIENTS }, (_, i) => tokens[i % users]);
    const share = Math.ceil(CLIENTS / CLIENT_PROCESSES);
    const opening: Promise<Extract<ChildMessage, { kind: 'opened' }>>[] = [];
    const openedAt = performance.now();
    for (let i = 0; i < CLIENT_PROCESSES; i++) {
      const child = forkTs('live-clients.ts');
      children.push(child);
      opening.push(nextMessage<ChildMessage, 'opened'>(child, 'opened'));
      const command: ParentMessage = {
        kind: 'open',
        baseUrl: base,
        tokens: streamTokens.slice(i * share, (i + 1) * share),
        concurrency: 25,
      };
      child.send(command);
    }
    const opened = await Promise.all(opening);
    const streams = opened.reduce((n, o) => n + o.streams, 0);
    const failed = opened.reduce((n, o) => n + o.failed, 0);
    const openSeconds = (performance.now() - openedAt) / 1000;
    log(
      `${streams} streams open in ${openSeconds.toFixed(1)} s (${failed} failed${failed ? `: ${opened.find((o) => o.firstError)?.firstError}` : ''})`,
    );
    await sleep(1000);
    const rssOpen = rssKb(gateway.pid);

    const worker = forkTs('live-worker.ts', { REDIS_URL: stores.redis.url });
    children.push(worker);
    await nextMessage<{ kind: 'ready' }, 'ready'>(worker, 'ready');
    const clients = children.slice(0, CLIENT_PROCESSES);
    /** Asks every client process once for `kind`'s answer. */
    const ask = <K extends 'counted' | 'latencies'>(kind: K) =>
      Promise.all(
        clients.map((child) => {
          const answer = nextMessage<ChildMessage, K>(child, kind);
          child.send({ kind: kind === 'counted' ? 'count' : 'report' } satisfies ParentMessage);
          return answer;
        }),
      );
    let received = 0;
    const gatewayCpu: number[] = [];
    const clientCpu: number[] = [];
    const allRounds = WARMUP_ROUNDS + ROUNDS;
    for (let round = 1; round <= allRounds; round++) {
      const before = [cpuMs(gateway.pid), sum(clients.map((c) => cpuMs(c.pid)))];
      const command: WorkerCommand = { kind: 'publish', round, users: seeded };
      worker.send(command);
      await nextMessage<{ kind: 'published' }, 'published'>(worker, 'published');
      // every stream's event (counts only: the latencies are sent once, after the last round)
      const expected = streams * round;
      await waitUntil(
        `round ${round}'s events at every stream`,
        async () => {
          received = (await ask('counted')).reduce((n, r) => n + r.events, 0);
          return received >= expected;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      const after = [cpuMs(gateway.pid), sum(clients.map((c) => cpuMs(c.pid)))];
      if (round > WARMUP_ROUNDS && after[0] !== null && before[0] !== null)
        gatewayCpu.push(after[0] - before[0]);
      if (round > WARMUP_ROUNDS && after[1] !== null && before[1] !== null)
        clientCpu.push(after[1] - before[1]);
      log(
        `round ${round}${round <= WARMUP_ROUNDS ? ' (warm-up)' : ''}: ${streams} events received`,
      );
      await sleep(500);
    }
    const reports = await ask('latencies');
    received = reports.reduce((n, r) => n + r.events, 0) - streams * WARMUP_ROUNDS;
    const roundOf = reports.flatMap((r) => r.rounds);
    const all = reports.flatMap((r) => r.latencies);
    const latencies = all.filter((_, i) => roundOf[i] > WARMUP_ROUNDS);
    const warmup = all.filter((_, i) => roundOf[i] <= WARMUP_ROUNDS);
    for (let round = 1; round <= allRounds; round++) {
      const own = all.filter((_, i) => roundOf[i] === round);
      log(`round ${round}: p50 ${percentile(own, 50)} ms, p99 ${percentile(own, 99)} ms`);
    }
    const lost = streams * ROUNDS - received;
    const kbPerStream =
      rssBefore === null || rssOpen === null || streams === 0
        ? null
        : Math.round(((rssOpen - rssBefore) / streams) * 10) / 10;
    printFigures({
      bench: 'live',
      clients: streams,
      requested_clients: CLIENTS,
      failed_to_open: failed,
      users,
      streams_per_user: STREAMS_PER_USER,
      rounds: ROUNDS,
      warmup_rounds: WARMUP_ROUNDS,
      events_expected: streams * ROUNDS,
      events_lost: lost,
      open_seconds: Math.round(openSeconds * 10) / 10,
      p50_ms: percentile(latencies, 50),
      p99_ms: percentile(latencies, 99),
      max_ms: percentile(latencies, 100),
      warmup_p99_ms: warmup.length > 0 ? percentile(warmup, 99) : null,
      // CPU time each measured round cost (ms, median of the rounds; 10 ms ticks)
      gateway_cpu_ms_per_round: gatewayCpu.length > 0 ? percentile(gatewayCpu, 50) : null,
      clients_cpu_ms_per_round: clientCpu.length > 0 ? percentile(clientCpu, 50) : null,
      gateway_rss_before_mb: rssBefore === null ? null : Math.round(rssBefore / 1024),
      gateway_rss_open_mb: rssOpen === null ? null : Math.round(rssOpen / 1024),
      kb_per_stream: kbPerStream,
      client_processes: CLIENT_PROCESSES,
      latency: 'PUBLISH by the worker process to the client reading the event, same machine',
    });
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await gateway.stop('SIGTERM').catch(() => gateway.kill());
    await stores.stop();
  }
}

runBench(main);
