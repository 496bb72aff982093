import type { BotState, ChaosDatabase } from './chaos-database';
import { pidOfWorkerId, type WorkerPool } from './workers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Bots not yet running again after a fault: a bot counts as running when its owner is a live,
 * unfrozen worker of ours and it ticked after `sinceUs` (the end of the fault), so a dead or
 * just-thawed owner's last tick from before the fault does not count.
 */
export function pendingBots(
  states: readonly BotState[],
  livePids: ReadonlySet<number>,
  sinceUs: number,
): string[] {
  return states
    .filter((s) => {
      const pid = s.workerId === null ? null : pidOfWorkerId(s.workerId);
      return (
        s.released ||
        pid === null ||
        !livePids.has(pid) ||
        s.lastTickUs === null ||
        s.lastTickUs < sinceUs
      );
    })
    .map((s) => s.botId);
}

export interface SettleResult {
  settled: boolean;
  ms: number;
  /** Bots still not running when the wait ended. */
  pending: string[];
}

/** Polls until every desired-running bot runs again (see pendingBots), or `capMs` passes. */
export async function waitForSettle(
  db: ChaosDatabase,
  pool: WorkerPool,
  sinceUs: number,
  capMs: number,
): Promise<SettleResult> {
  const started = Date.now();
  for (;;) {
    const livePids = new Set(
      pool
        .live()
        .filter((w) => !w.frozen)
        .map((w) => w.pid),
    );
    const pending = pendingBots(await db.botStates(), livePids, sinceUs);
    const ms = Date.now() - started;
    if (pending.length === 0) return { settled: true, ms, pending };
    if (ms >= capMs) return { settled: false, ms, pending };
    await sleep(200);
  }
}

/** Bots per live worker (0 for a worker without bots), from the owners in bot_runtime. */
export function botsPerWorker(states: readonly BotState[], livePids: readonly number[]): number[] {
  const counts = new Map(livePids.map((pid) => [pid, 0]));
  for (const s of states) {
    const pid = s.workerId === null || s.released ? null : pidOfWorkerId(s.workerId);
    if (pid !== null && counts.has(pid)) counts.set(pid, (counts.get(pid) ?? 0) + 1);
  }
  return [...counts.values()].sort((a, b) => a - b);
}

/**
 * After the last fault: waits until the bots-per-worker counts stay the same for `steadyMs`
 * (rebalancing has finished), or `capMs` passes; returns the last counts.
 */
export async function waitForSteadyCounts(
  db: ChaosDatabase,
  pool: WorkerPool,
  steadyMs: number,
  capMs: number,
): Promise<number[]> {
  const deadline = Date.now() + capMs;
  let last = '';
  let since = Date.now();
  for (;;) {
    const counts = botsPerWorker(
      await db.botStates(),
      pool.live().map((w) => w.pid),
    );
    const key = counts.join(',');
    if (key !== last) {
      last = key;
      since = Date.now();
    } else if (Date.now() - since >= steadyMs) return counts;
    if (Date.now() >= deadline) return counts;
    await sleep(250);
  }
}
