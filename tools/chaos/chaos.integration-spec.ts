import { ensureBuilt } from './build';
import { Cleanup } from './cleanup';
import { FAULT_KINDS } from './fault-kinds';
import { PRESETS } from './options';
import type { ChaosReport } from './report';
import { runChaos } from './run-chaos';

// The short chaos preset against real bot-worker processes and one market-data process, the
// bots trading live on the in-process exchange simulator (about a minute and a half): every
// fault kind at least once, and the safety properties hold: no stale write (heartbeats and
// trading rows), never two owners, no orphan, no order twice at the exchange, no fill missing
// from the database, and orders were actually placed. No timing assertions: this machine is
// shared with the other test suites.

describe('chaos harness (short preset)', () => {
  it('injects every fault kind; no stale write, never two owners, no orphan, no duplicate order, no lost fill', async () => {
    // The tools project's test target builds bot-worker; market-data only if it is missing.
    ensureBuilt();
    const progress: string[] = [];
    const log = (line: string) => progress.push(line);
    const cleanup = new Cleanup(log);
    let report: ChaosReport;
    try {
      report = await runChaos(
        { ...PRESETS.short, seed: Date.now() % 2 ** 31, logDir: null, keepDb: false },
        { log, cleanup },
      );
    } finally {
      await cleanup.run();
    }

    const safety = {
      fencing: report.fencing,
      stale_writes_accepted: report.stale_writes_accepted,
      stale_trading_writes_accepted: report.stale_trading_writes_accepted,
      max_concurrent_owners: report.max_concurrent_owners,
      orphans: report.orphans,
      duplicate_orders_at_exchange: report.duplicate_orders_at_exchange,
      fills_missing_from_db: report.fills_missing_from_db,
      orders_placed: report.orders_at_exchange > 0 && report.orders_recorded > 0,
      kinds_not_injected: FAULT_KINDS.filter((kind) => report.faults_injected[kind] < 1),
    };
    const expected = {
      fencing: 'on',
      stale_writes_accepted: 0,
      stale_trading_writes_accepted: 0,
      max_concurrent_owners: 1,
      orphans: 0,
      duplicate_orders_at_exchange: 0,
      fills_missing_from_db: 0,
      orders_placed: true,
      kinds_not_injected: [],
    };
    // On failure, the run's progress and the whole report say what happened.
    if (JSON.stringify(safety) !== JSON.stringify(expected))
      process.stderr.write(`${progress.join('\n')}\n${JSON.stringify(report)}\n`);
    expect(safety).toEqual(expected);
  }, 240_000);
});
