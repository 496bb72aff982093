// The wait every bot-worker bench starts with: its worker claiming all the bots seeded
// running. It ends as soon as a bot is refused (the worker stops such a bot, desired state
// `stopped`, with the reason in `bots.last_error`, so the count could never be reached) or the
// worker exits. A last error on a bot still desired running is a failure it retries (market-data
// not having shared the markets yet, at start): not a refusal.
import type { SeedDb } from '@platform/testing';
import { WaitAbandoned, waitUntil, type WatchedProcess } from './bench-wait';

// Allowance for the claims: start-up, then per bot. A worker on a busy 2-core machine claims
// a few hundred bots a second; this allows for ten times slower before calling it stuck.
const START_MS = 60_000;
const PER_BOT_MS = 30;
const PROGRESS_EVERY_MS = 10_000;

interface ClaimCounts {
  held: string;
  halted: string;
  reason: string | null;
}

async function countClaims(db: SeedDb): Promise<ClaimCounts> {
  const result = await db.query(
    `SELECT (SELECT count(*) FROM bot_runtime WHERE released_at IS NULL) AS held,
            (SELECT count(*) FROM bots
              WHERE desired_state = 'stopped' AND last_error IS NOT NULL) AS halted,
            (SELECT last_error FROM bots
              WHERE desired_state = 'stopped' AND last_error IS NOT NULL LIMIT 1) AS reason`,
  );
  // pg answers { rows }, OwnershipAudit the rows themselves
  const rows = (
    Array.isArray(result) ? result : (result as { rows: unknown[] }).rows
  ) as ClaimCounts[];
  return rows[0];
}

/** Waits until `expected` bots are held (bot_runtime rows not released); progress on `log`. */
export async function waitForClaims(
  db: SeedDb,
  expected: number,
  { processes, log }: { processes: readonly WatchedProcess[]; log: (line: string) => void },
): Promise<void> {
  let loggedAt = Date.now();
  await waitUntil(
    `the worker to hold ${expected} bots`,
    async () => {
      const counts = await countClaims(db);
      if (Number(counts.halted) > 0)
        throw new WaitAbandoned(
          `the worker stopped ${counts.halted} of them as unrunnable, e.g.: ${counts.reason}`,
        );
      if (Date.now() - loggedAt >= PROGRESS_EVERY_MS) {
        log(`holding ${counts.held} of ${expected} bots`);
        loggedAt = Date.now();
      }
      return Number(counts.held) === expected;
    },
    { timeoutMs: START_MS + expected * PER_BOT_MS, intervalMs: 500, processes },
  );
}
