import { runMigrations } from '@platform/persistence';
import { createTestDatabase, TestRedisServer } from '@platform/testing';
import { writeArtifacts } from './artifacts';
import { ChaosDatabase } from './chaos-database';
import type { Cleanup } from './cleanup';
import { type FaultKind, zeroCounts } from './fault-kinds';
import { faultSchedule } from './fault-plan';
import { type FaultContext, type InjectedFault, injectFault } from './faults';
import {
  botFailovers,
  concurrentOwners,
  countByPrecedingFault,
  failovers,
  spreadOf,
} from './history';
import { type ChaosOptions, failoverBoundMs, finalSettleCapMs, settleCapMs } from './options';
import { seededRandom } from './random';
import { buildReport, type ChaosReport } from './report';
import { waitForSettle, waitForSteadyCounts } from './settle';
import { tail, WorkerPool } from './workers';

export interface RunDeps {
  /** Progress, one line at a time (the CLI sends it to stderr). */
  log: (line: string) => void;
  /** Where every started resource registers its undo; the caller runs it. */
  cleanup: Cleanup;
}

const nowUs = () => Date.now() * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Start-up of K workers (Nest boot, first claims) on a small machine.
const FIRST_SETTLE_CAP_MS = 60000;
// Counts per worker unchanged this long: rebalancing (a few bots per pass) is over.
const steadyMs = (o: ChaosOptions) => Math.max(2000, 5 * o.reconcileIntervalMs);

/** The environment of every worker: the preset's short timings, own Redis, throwaway database. */
export function workerEnv(
  options: ChaosOptions,
  databaseUrl: string,
  redisUrl: string,
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    HTTP_HOST: '127.0.0.1',
    LEASE_TTL_MS: String(options.leaseTtlMs),
    RECONCILE_INTERVAL_MS: String(options.reconcileIntervalMs),
    BOT_TICK_INTERVAL_MS: String(options.tickMs),
    BOT_TICK_WORK_MS: String(options.tickWorkMs),
    BOT_HEARTBEAT_HISTORY: 'true',
    UNSAFE_DISABLE_FENCING: String(!options.fencing),
    HEALTH_CHECK_TIMEOUT_MS: '1000',
    TRANSPORT_TIMEOUT_MS: '1000',
  };
}

interface Cluster {
  db: ChaosDatabase;
  redis: TestRedisServer;
  pool: WorkerPool;
}

/**
 * A throwaway database and a redis-server of our own (faults restart it, so never the shared
 * one), N desired-running bots, K workers; returns once every bot runs and the counts per
 * worker are steady.
 */
async function startCluster(options: ChaosOptions, { log, cleanup }: RunDeps): Promise<Cluster> {
  const creating = createTestDatabase(runMigrations);
  cleanup.add('drop the database', async () => {
    const database = await creating.catch(() => null);
    if (database && options.keepDb) log(`database ${database.name} kept (--keep-db)`);
    else await database?.drop();
  });
  const starting = TestRedisServer.start();
  cleanup.add('stop redis-server', async () => (await starting.catch(() => null))?.stop());
  const [database, redis] = await Promise.all([creating, starting]);
  const db = await ChaosDatabase.connect(database.url);
  cleanup.add('close the audit connection', () => db.close());
  log(
    `database ${database.name}, redis-server on port ${redis.port}, fencing ${options.fencing ? 'on' : 'OFF'}`,
  );

  await db.seedRunningBots(options.bots);
  const pool = new WorkerPool(workerEnv(options, database.url, redis.url));
  cleanup.add('kill the workers', () => pool.killAll());
  const launchUs = nowUs();
  await Promise.all(Array.from({ length: options.workers }, () => pool.start()));
  const first = await waitForSettle(db, pool, launchUs, FIRST_SETTLE_CAP_MS);
  if (!first.settled) {
    const tails = pool
      .all()
      .map((w) => `worker #${w.n}:\n${tail(w)}`)
      .join('\n');
    throw new Error(`${first.pending.length} of ${options.bots} bots never ran\n${tails}`);
  }
  // The first worker up takes every bot; let the others get their share before faults start.
  const counts = await waitForSteadyCounts(db, pool, steadyMs(options), FIRST_SETTLE_CAP_MS);
  log(`${options.bots} bots running after ${first.ms} ms; per worker: ${counts.join(' ')}`);
  return { db, redis, pool };
}

interface FaultPhase {
  faults: InjectedFault[];
  injected: Record<FaultKind, number>;
  settleTimeouts: number;
  anomalies: string[];
}

/** Faults one at a time, each followed by a (capped) wait until every bot runs again. */
async function injectFaults(
  options: ChaosOptions,
  { db, redis, pool }: Cluster,
  { log, cleanup }: RunDeps,
): Promise<FaultPhase> {
  const phase: FaultPhase = {
    faults: [],
    injected: zeroCounts(),
    settleTimeouts: 0,
    anomalies: [],
  };
  const random = seededRandom(options.seed);
  const ctx: FaultContext = {
    db,
    pool,
    redis,
    random,
    leaseTtlMs: options.leaseTtlMs,
    tickingWithinMs: 2 * options.tickMs + 500,
    log,
    stopping: () => cleanup.started,
  };
  const phaseEnd = Date.now() + options.durationS * 1000;
  const schedule = faultSchedule(options.mix, random, {
    maxRounds: options.maxRounds,
    timeLeft: () => Date.now() < phaseEnd,
  });
  for (const kind of schedule) {
    if (cleanup.started) break;
    phase.anomalies.push(...(await replaceUnexpectedExits(pool, log)));
    const fault = await injectFault(kind, ctx);
    phase.faults.push(fault);
    phase.injected[kind] += 1;
    phase.anomalies.push(...fault.anomalies);
    const settle = await waitForSettle(db, pool, fault.endUs, settleCapMs(options));
    if (settle.settled) log(`  settled ${settle.ms} ms after the fault ended`);
    else {
      phase.settleTimeouts += 1;
      log(`  NOT settled after ${settle.ms} ms: not running: ${settle.pending.join(' ')}`);
    }
    await sleep(options.dwellMs);
  }
  phase.anomalies.push(...(await replaceUnexpectedExits(pool, log)));
  return phase;
}

/** A worker that died on its own is reported and replaced, so K stays constant. */
async function replaceUnexpectedExits(pool: WorkerPool, log: RunDeps['log']): Promise<string[]> {
  const lines: string[] = [];
  for (const worker of pool.unexpectedlyGone()) {
    worker.ended = true;
    const line = `worker #${worker.n} (pid ${worker.pid}) exited on its own`;
    lines.push(line);
    log(`${line}\n${tail(worker)}`);
    await pool.start();
  }
  return lines;
}

/**
 * One chaos run: start the cluster, inject faults, let it settle a last time, then judge
 * from the history in Postgres.
 */
export async function runChaos(options: ChaosOptions, deps: RunDeps): Promise<ChaosReport> {
  const { log } = deps;
  const startedMs = Date.now();
  const cluster = await startCluster(options, deps);
  const { db, pool } = cluster;
  const phase = await injectFaults(options, cluster, deps);

  // Final settle: every bot runs again, then the counts per worker stop changing.
  const lastEndUs = phase.faults[phase.faults.length - 1]?.endUs ?? nowUs();
  const final = await waitForSettle(db, pool, lastEndUs, finalSettleCapMs(options));
  log(
    final.settled
      ? `final settle after ${final.ms} ms`
      : `final settle: not running after ${final.ms} ms: ${final.pending.join(' ')}`,
  );
  const botsPerWorker = await waitForSteadyCounts(
    db,
    pool,
    steadyMs(options),
    finalSettleCapMs(options),
  );
  const orphans = await db.silentBots(failoverBoundMs(options));
  if (orphans.length > 0)
    log(`orphans (no heartbeat in ${failoverBoundMs(options)} ms): ${orphans.join(' ')}`);
  phase.anomalies.push(...(await replaceUnexpectedExits(pool, log)));

  // The history is complete once no worker writes any more.
  await pool.killAll();
  log('analysing the history');
  // One connection: one query at a time.
  const staleWritesAccepted = await db.audit.staleWritesAccepted();
  const staleWriteTimes = staleWritesAccepted > 0 ? await db.staleWriteTimes() : [];
  const claims = await db.claims();
  const intervals = await db.tokenIntervals();
  const records = phase.faults.map((f) => f.record);
  if (options.logDir) {
    writeArtifacts(
      options.logDir,
      pool.all(),
      phase.faults,
      botFailovers(records, claims, intervals),
    );
    log(`worker logs and faults.jsonl in ${options.logDir}`);
  }
  return buildReport(options, {
    durationS: (Date.now() - startedMs) / 1000,
    faultsInjected: phase.injected,
    staleWritesAccepted,
    staleWritesAfter: countByPrecedingFault(staleWriteTimes, records),
    staleWritesRefusedLogged: pool.refusedWrites(),
    concurrency: concurrentOwners(intervals),
    orphans: orphans.length,
    failoverBoundMs: failoverBoundMs(options),
    failovers: failovers(records, claims, intervals),
    spread: spreadOf(botsPerWorker),
    botsPerWorker,
    settleTimeouts: phase.settleTimeouts,
    anomalies: phase.anomalies,
  });
}
