// Small helpers shared by the gateway benchmarks: autocannon (no type definitions ship with
// it), bare node:http baseline processes, a process's CPU time.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort, waitForStatus } from '@platform/testing';

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
  requests: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}) => Promise<AutocannonResult>;

const autocannon = require('autocannon') as Autocannon;

/** `connections` keep-alive clients hitting `url` for `seconds`. */
export async function load(
  url: string,
  connections: number,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return {
    rps: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    requests: result.requests.total,
  };
}

export interface BareServer {
  url: string;
  pid: number | undefined;
  stop(): void;
}

/** A bare node:http hello world in its own process (like the gateway), for the baseline. */
export const startHelloWorld = () => startBareServer('{"hello":"world"}');

/**
 * A bare node:http server in its own process answering every request with `body` as JSON:
 * what node alone does on this machine with a response of that size.
 */
export async function startBareServer(body: string): Promise<BareServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-e',
      `const body = Buffer.from(process.env.BODY); require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end(body); }).listen(${port}, '127.0.0.1')`,
    ],
    { stdio: 'ignore', env: { PATH: process.env['PATH'] ?? '', BODY: body } },
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
