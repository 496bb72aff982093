// Lease upkeep cost of one bot-worker: Redis commands per second and worker CPU while it holds
// N bots at the default lease TTL, against the same worker holding none (the baseline, measured
// in the same run). Prints one JSON line per bot count.
//   npm run bench:leases -- [--bots 1000,5000] [--seconds 15] [--ttl-ms 1200]
import { readFileSync } from 'node:fs';
import { WORKER_DEFAULT_TIMINGS } from '@platform/contracts';
import { createRedis, type RedisClient } from '@platform/redis';
import {
  freePort,
  httpGet,
  OwnershipAudit,
  seedBots,
  seedUser,
  ServiceProcess,
} from '@platform/testing';
import { parseFlags, printFigures, progress, runBench, sleep, startStores } from './bench-kit';
import { waitUntil } from './bench-wait';
import { waitForClaims } from './claims';

const {
  bots: botCounts,
  seconds,
  ttlMs,
} = parseFlags('npm run bench:leases --', {
  bots: [1000, 5000],
  seconds: 15,
  ttlMs: WORKER_DEFAULT_TIMINGS.leaseTtlMs,
});
const log = progress('bench');

const TICKS_PER_SEC = 100; // USER_HZ: clock ticks per second in /proc/<pid>/stat on Linux

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC; // utime + stime
}

function rssMb(pid: number): number {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? '0';
  return Number(line.replace(/\D/g, '')) / 1024;
}

async function totalCommands(redis: RedisClient): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
}

async function measure(worker: ServiceProcess, redis: RedisClient) {
  const pid = worker.pid as number;
  const [cpu0, cmd0, t0] = [cpuSeconds(pid), await totalCommands(redis), performance.now()];
  await sleep(seconds * 1000);
  if (!worker.running) throw new Error(`the bot-worker exited while measured:\n${worker.output}`);
  const [cpu1, cmd1, t1] = [cpuSeconds(pid), await totalCommands(redis), performance.now()];
  const elapsed = (t1 - t0) / 1000;
  return {
    cmdsPerS: (cmd1 - cmd0 - 1) / elapsed,
    cpuPct: ((cpu1 - cpu0) / elapsed) * 100,
    rssMb: rssMb(pid),
  };
}

async function run(bots: number) {
  const stores = await startStores();
  const redis = createRedis(stores.redis.url, 'command');
  const audit = await OwnershipAudit.connect(stores.db.url);
  const workerPort = await freePort();
  const worker = ServiceProcess.start('bot-worker', {
    ...stores.serviceEnv,
    BOT_WORKER_HTTP_PORT: String(workerPort),
    LEASE_TTL_MS: String(ttlMs),
    BOT_TICK_INTERVAL_MS: '600000', // heartbeats out of the picture: this measures leases
    WORKER_CAPACITY: String(bots), // --bots above the default capacity are all held here
  });
  try {
    await waitUntil(
      'the bot-worker to be ready',
      async () => (await httpGet(`http://127.0.0.1:${workerPort}/health/ready`)).status === 200,
      { timeoutMs: 60_000, processes: [worker] },
    );
    await sleep(1000); // past the start-up work
    log(`baseline: idle worker, ${seconds} s`);
    const idle = await measure(worker, redis);

    // paper bots on a real strategy, which the worker runs (it stops a bot it cannot run)
    await seedBots(audit, bots, {
      user: await seedUser(audit),
      name: (n) => `b${n}`,
      strategy: 'sma-cross',
      params: { fastPeriod: 5, slowPeriod: 20 },
      state: 'running',
    });
    const claimStarted = performance.now();
    await waitForClaims(audit, bots, { processes: [worker], log });
    const claimS = (performance.now() - claimStarted) / 1000;
    await sleep(ttlMs); // one full renewal cycle before measuring
    log(`holding ${bots} bots, ${seconds} s`);
    const held = await measure(worker, redis);
    const leaseCmds = held.cmdsPerS - idle.cmdsPerS;
    printFigures({
      bench: 'lease-upkeep',
      bots,
      lease_ttl_ms: ttlMs,
      claim_all_s: Number(claimS.toFixed(1)),
      redis_cmds_per_s: Math.round(held.cmdsPerS),
      redis_cmds_per_s_idle: Math.round(idle.cmdsPerS),
      redis_cmds_per_s_per_1000_bots: Math.round((leaseCmds / bots) * 1000),
      worker_cpu_pct: Number(held.cpuPct.toFixed(1)),
      worker_cpu_pct_idle: Number(idle.cpuPct.toFixed(1)),
      worker_cpu_pct_per_1000_bots: Number(
        (((held.cpuPct - idle.cpuPct) / bots) * 1000).toFixed(2),
      ),
      rss_mb: Math.round(held.rssMb),
      rss_mb_idle: Math.round(idle.rssMb),
    });
  } finally {
    await worker.kill();
    redis.disconnect();
    await audit.close();
    await stores.stop();
  }
}

runBench(async () => {
  for (const bots of botCounts) await run(bots);
});
