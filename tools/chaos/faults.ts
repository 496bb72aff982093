import type { Random } from '@platform/exchange-sim';
import type { TestRedisServer } from '@platform/testing';
import type { ChaosDatabase } from './chaos-database';
import { type FaultKind, isStopKind, STOP_FACTORS } from './fault-kinds';
import type { FaultRecord } from './history';
import { pick } from './random';
import { pidOfWorkerId, tail, type Worker, type WorkerPool } from './workers';

export interface FaultContext {
  db: ChaosDatabase;
  pool: WorkerPool;
  redis: TestRedisServer;
  random: Random;
  leaseTtlMs: number;
  /** A bot counts as owned by a worker if it ticked this recently. */
  tickingWithinMs: number;
  log: (line: string) => void;
  /** True once cleanup began: start nothing new (Redis included). */
  stopping: () => boolean;
}

export interface InjectedFault {
  record: FaultRecord;
  /** The faulted worker, for the details file ("#3 pid 1234"); null for a Redis restart. */
  target: string | null;
  /** When the fault was over (SIGCONT sent, replacement started, Redis back): settle from here. */
  endUs: number;
  /** Worker behaviour worth reporting that is not a safety violation. */
  anomalies: string[];
}

const nowUs = () => Date.now() * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// A graceful stop may take SHUTDOWN_TIMEOUT_MS (8 s by default) before the worker exits 1.
const SIGTERM_WAIT_MS = 12000;

/** Who owns which bot right now (bots that ticked recently, owner by worker id). */
async function owners(ctx: FaultContext): Promise<Map<string, string>> {
  const since = nowUs() - ctx.tickingWithinMs * 1000;
  const owned = new Map<string, string>();
  for (const s of await ctx.db.botStates())
    if (s.workerId !== null && !s.released && s.lastTickUs !== null && s.lastTickUs >= since)
      owned.set(s.botId, s.workerId);
  return owned;
}

/** A random live worker that owns bots (a fault on an idle worker measures nothing). */
function chooseTarget(ctx: FaultContext, owned: Map<string, string>): Worker {
  const live = ctx.pool.live().filter((w) => !w.frozen);
  const busyPids = new Set([...owned.values()].map(pidOfWorkerId));
  const busy = live.filter((w) => busyPids.has(w.pid));
  return pick(busy.length > 0 ? busy : live, ctx.random);
}

/** SIGTERM: a clean handover ends with exit 0 after "handed over N bots"; else say what happened. */
async function terminate(target: Worker, ctx: FaultContext): Promise<string[]> {
  let line: string;
  try {
    const exit = await ctx.pool.terminate(target, SIGTERM_WAIT_MS);
    const handedOver = /handed over \d+ bots/.test(target.process.output);
    if (exit.code === 0 && handedOver) return [];
    line =
      `SIGTERM: worker #${target.n} exited with code ${exit.code} (signal ${exit.signal}) ` +
      `after ${exit.ms} ms${handedOver ? '' : ' without logging "handed over"'}`;
  } catch {
    line = `SIGTERM: worker #${target.n} did not exit within ${SIGTERM_WAIT_MS} ms; killed`;
    await ctx.pool.kill(target);
  }
  ctx.log(`${line}\n${tail(target)}`);
  return [line];
}

/** Injects one fault of `kind`; returns what it hit and when it ended. */
export async function injectFault(kind: FaultKind, ctx: FaultContext): Promise<InjectedFault> {
  const owned = await owners(ctx);
  if (kind === 'redis_restart') {
    const atUs = nowUs();
    await ctx.redis.stop();
    if (!ctx.stopping()) await ctx.redis.start();
    ctx.log(`redis_restart: every key lost; ${owned.size} bots were running`);
    return {
      record: { kind, atUs, workerId: null, bots: [...owned.keys()] },
      target: null,
      endUs: nowUs(),
      anomalies: [],
    };
  }

  const target = chooseTarget(ctx, owned);
  const mine = [...owned].filter(([, id]) => pidOfWorkerId(id) === target.pid);
  const workerId = mine[0]?.[1] ?? `pid-${target.pid}`;
  const bots = mine.map(([botId]) => botId);
  const anomalies: string[] = [];
  ctx.log(`${kind}: worker #${target.n} (pid ${target.pid}) owning ${bots.length} bots`);
  const atUs = nowUs();

  if (isStopKind(kind)) {
    ctx.pool.freeze(target);
    await sleep(STOP_FACTORS[kind] * ctx.leaseTtlMs);
    ctx.pool.thaw(target);
  } else if (kind === 'kill_9') {
    await ctx.pool.kill(target);
    await ctx.pool.start();
  } else {
    anomalies.push(...(await terminate(target, ctx)));
    await ctx.pool.start();
  }
  return {
    record: { kind, atUs, workerId, bots },
    target: `#${target.n} pid ${target.pid}`,
    endUs: nowUs(),
    anomalies,
  };
}
