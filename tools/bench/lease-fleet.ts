// Lease upkeep of a fleet, leases only: W worker processes (tools/bench/lease-holder.ts, a
// LeaseGroup each at the workers' default lease timings) holding N bots' leases between them on
// ONE redis-server; prints what Redis needs for them (commands per second from its own
// commandstats, its CPU from INFO cpu) and each holder's CPU, against the same redis-server and
// holders holding nothing, measured first in the same run. No Postgres, no bots running: the
// cost of leases alone. Prints one JSON line.
//   npm run bench:lease-fleet -- [--bots 100000] [--workers 5] [--seconds 20]
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKER_DEFAULT_TIMINGS } from '@platform/contracts';
import { createRedis, type RedisClient } from '@platform/redis';
import { TestRedisServer, workspaceRoot } from '@platform/testing';
import { parseFlags, printFigures, progress, runBench, sleep } from './bench-kit';

const {
  bots: BOTS,
  workers: WORKERS,
  seconds: SECONDS,
} = parseFlags('npm run bench:lease-fleet --', { bots: 100_000, workers: 5, seconds: 20 });
const log = progress('lease-fleet');
const TICKS_PER_SEC = 100; // USER_HZ in /proc/<pid>/stat

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
}

async function redisFigures(redis: RedisClient) {
  const [commands, cpu] = await Promise.all([redis.info('commandstats'), redis.info('cpu')]);
  const number = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(cpu)?.[1] ?? 0);
  return {
    calls: [...commands.matchAll(/calls=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0),
    cpuS: number('used_cpu_sys') + number('used_cpu_user'),
  };
}

interface Holder {
  child: ChildProcess;
  held: Promise<number>;
}

function startHolder(redisUrl: string, first: number, count: number): Holder {
  const child = fork(
    join(workspaceRoot(), 'tools/bench/lease-holder.ts'),
    [redisUrl, String(first), String(count)],
    { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const held = new Promise<number>((resolve, reject) => {
    child.once('message', (m: { held: number }) => resolve(m.held));
    child.once('exit', (code) => reject(new Error(`a lease holder exited (${code})`)));
  });
  return { child, held };
}

/** The leases a holder lost, by reason (none while Redis and the holder keep up). */
const askLost = (holder: Holder) =>
  new Promise<Record<string, number>>((resolve) => {
    holder.child.once('message', (m: { lost: Record<string, number> }) => resolve(m.lost));
    holder.child.send('report');
  });

async function measure(redis: RedisClient, holders: Holder[]) {
  const pids = holders.map((h) => h.child.pid as number);
  const [r0, c0, t0] = [await redisFigures(redis), pids.map(cpuSeconds), performance.now()];
  await sleep(SECONDS * 1000);
  const [r1, c1, t1] = [await redisFigures(redis), pids.map(cpuSeconds), performance.now()];
  const elapsed = (t1 - t0) / 1000;
  return {
    cmdsPerS: (r1.calls - r0.calls - 2) / elapsed, // minus our own two INFO calls
    redisCpuPct: ((r1.cpuS - r0.cpuS) / elapsed) * 100,
    holderCpuPct: c1.map((c, i) => ((c - c0[i]) / elapsed) * 100),
  };
}

async function run(redis: TestRedisServer, client: RedisClient, bots: number) {
  const per = Math.ceil(bots / WORKERS);
  const holders = Array.from({ length: WORKERS }, (_, w) =>
    startHolder(redis.url, w * per, Math.max(0, Math.min(per, bots - w * per))),
  );
  try {
    const started = performance.now();
    const held = (await Promise.all(holders.map((h) => h.held))).reduce((a, b) => a + b, 0);
    const claimS = (performance.now() - started) / 1000;
    await sleep(WORKER_DEFAULT_TIMINGS.leaseTtlMs); // a full renewal cycle before measuring
    log(`${WORKERS} holders with ${held} leases, ${SECONDS} s`);
    const figures = await measure(client, holders);
    const lost: Record<string, number> = {};
    for (const byReason of await Promise.all(holders.map(askLost)))
      for (const [reason, n] of Object.entries(byReason)) lost[reason] = (lost[reason] ?? 0) + n;
    return { held, claimS, lost, ...figures };
  } finally {
    for (const { child } of holders) child.kill('SIGKILL');
  }
}

runBench(async () => {
  const redis = await TestRedisServer.start();
  const client = createRedis(redis.url, 'command');
  try {
    log(`baseline: ${WORKERS} holders with no leases, ${SECONDS} s`);
    const idle = await run(redis, client, 0);
    await client.flushall();
    const fleet = await run(redis, client, BOTS);
    const perThousand = (value: number) => (value / Math.max(1, fleet.held)) * 1000;
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    printFigures({
      bench: 'lease-fleet',
      bots: fleet.held,
      workers: WORKERS,
      lease_ttl_ms: WORKER_DEFAULT_TIMINGS.leaseTtlMs,
      start_and_claim_s: Number(fleet.claimS.toFixed(1)),
      leases_lost: Object.values(fleet.lost).reduce((a, b) => a + b, 0),
      leases_lost_by_reason: fleet.lost,
      redis_cmds_per_s: Math.round(fleet.cmdsPerS),
      redis_cmds_per_s_idle: Math.round(idle.cmdsPerS),
      redis_cmds_per_s_per_1000_bots: Number(
        perThousand(fleet.cmdsPerS - idle.cmdsPerS).toFixed(2),
      ),
      redis_cpu_pct: Number(fleet.redisCpuPct.toFixed(1)),
      redis_cpu_pct_idle: Number(idle.redisCpuPct.toFixed(1)),
      holder_cpu_pct: fleet.holderCpuPct.map((c) => Number(c.toFixed(1))),
      holder_cpu_pct_per_1000_bots: Number(
        perThousand(sum(fleet.holderCpuPct) - sum(idle.holderCpuPct)).toFixed(3),
      ),
    });
  } finally {
    client.disconnect();
    await redis.stop();
  }
});
