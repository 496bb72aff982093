// Small helpers shared by the gateway benchmarks: autocannon in a child process of its own (so
// the load generator never shares an event loop with the bench's bookkeeping), bare node:http
// baseline processes, a process's CPU time.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort, waitForStatus } from '@platform/testing';

export interface LoadResult {
  rps: number;
  /** How long the load ran (autocannon's own measure). */
  seconds: number;
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
  requests: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}

// The child: runs autocannon with the options it is given in its environment, prints only
// the figures the bench reads as one JSON line (autocannon's own progress output is off).
const LOAD_CHILD = `
const autocannon = require(process.env.AUTOCANNON);
const options = JSON.parse(process.env.LOAD_OPTIONS);
autocannon(options).then((r) => {
  process.stdout.write(JSON.stringify({
    rps: Math.round(r.requests.total / r.duration), seconds: r.duration, p50_ms: r.latency.p50, p99_ms: r.latency.p99,
    non2xx: r.non2xx, errors: r.errors, requests: r.requests.total,
  }));
}, (error) => { console.error(error); process.exit(1); });`;

/** `connections` keep-alive clients hitting `url` for `seconds`, from a process of their own. */
export function load(
  url: string,
  connections: number,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  const options: LoadOptions = { url, connections, duration: seconds, headers };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', LOAD_CHILD],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          AUTOCANNON: require.resolve('autocannon'),
          LOAD_OPTIONS: JSON.stringify(options),
        },
        timeout: (seconds + 60) * 1000,
        maxBuffer: 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`autocannon failed: ${error.message}\n${stderr}`));
        resolve(JSON.parse(stdout) as LoadResult);
      },
    );
  });
}

export interface BareServer {
  url: string;
  pid: number | undefined;
  stop(): void;
}

/** A bare node:http hello world in its own process (like the gateway), for the baseline. */
export const startHelloWorld = () => startBareServer('{"hello":"world"}');

/**
 * A bare node:http server in its own process answering every request with `body`: as JSON
 * (one Content-Type header) or, given `headers`, with exactly those headers (Node adds Date,
 * Connection, Keep-Alive and Content-Length itself): what node alone does on this machine with
 * a response of that size and shape.
 */
export async function startBareServer(
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<BareServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-e',
      `const body = Buffer.from(process.env.BODY); const headers = JSON.parse(process.env.HEADERS); require('node:http').createServer((q, s) => { s.writeHead(200, headers); s.end(body); }).listen(${port}, '127.0.0.1')`,
    ],
    {
      stdio: 'ignore',
      env: { PATH: process.env['PATH'] ?? '', BODY: body, HEADERS: JSON.stringify(headers) },
    },
  );
  const url = `http://127.0.0.1:${port}/`;
  await waitForStatus(url, 200);
  return { url, pid: child.pid, stop: () => child.kill('SIGKILL') };
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far; null where /proc is not there. */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** `load` while measuring how busy the server process was (% of one core). */
export async function loadMeasuringCpu(
  pid: number | undefined,
  url: string,
  connections: number,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<LoadResult & { server_cpu_pct: number | null }> {
  const before = cpuSeconds(pid);
  const started = process.hrtime.bigint();
  const result = await load(url, connections, seconds, headers);
  const after = cpuSeconds(pid);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    ...result,
    server_cpu_pct:
      before === null || after === null ? null : Math.round(((after - before) / elapsed) * 100),
  };
}

/**
 * Several loads' slices as one: requests per second over all of them, the median slice's
 * latency percentiles (slices of one server are alike but for what else the machine does),
 * the errors summed, the mean CPU.
 */
export function combineSlices(
  slices: (LoadResult & { server_cpu_pct: number | null })[],
): LoadResult & { server_cpu_pct: number | null } {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const requests = slices.reduce((n, s) => n + s.requests, 0);
  const seconds = slices.reduce((n, s) => n + s.seconds, 0);
  const cpu = slices.flatMap((s) => (s.server_cpu_pct === null ? [] : [s.server_cpu_pct]));
  return {
    rps: Math.round(requests / seconds),
    seconds,
    p50_ms: median(slices.map((s) => s.p50_ms)),
    p99_ms: median(slices.map((s) => s.p99_ms)),
    non2xx: slices.reduce((n, s) => n + s.non2xx, 0),
    errors: slices.reduce((n, s) => n + s.errors, 0),
    requests,
    server_cpu_pct:
      cpu.length < slices.length ? null : Math.round(cpu.reduce((n, c) => n + c, 0) / cpu.length),
  };
}
