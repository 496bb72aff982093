import { ensureBuilt } from './build';
import { Cleanup } from './cleanup';
import { EXCHANGE_FAULT_KINDS } from './exchange-faults';
import { FAULT_KINDS, zeroCounts } from './fault-kinds';
import { type ChaosOptions, PRESETS } from './options';
import type { ChaosReport } from './report';
import { runChaos } from './run-chaos';

// The short chaos preset against real bot-worker processes and one market-data process, the
// bots trading live on the in-process exchange simulator (about a minute and a half): every
// fault kind at least once, and the safety properties hold: no stale write (heartbeats and
// trading rows), never two owners, no orphan, no order twice at the exchange, no fill missing
// from the database, and orders were actually placed. No timing assertions: this machine is
// shared with the other test suites.

/** One run with every started resource undone after it; its progress, for a failure's message. */
async function run(options: ChaosOptions): Promise<{ report: ChaosReport; progress: string[] }> {
  const progress: string[] = [];
  const log = (line: string) => progress.push(line);
  const cleanup = new Cleanup(log);
  try {
    return { report: await runChaos(options, { log, cleanup }), progress };
  } finally {
    await cleanup.run();
  }
}

describe('chaos harness (short preset)', () => {
  it('injects every fault kind; no stale write, never two owners, no orphan, no duplicate order, no lost fill', async () => {
    // The tools project's test target builds bot-worker; market-data only if it is missing.
    ensureBuilt();
    const { report, progress } = await run({
      ...PRESETS.short,
      seed: Date.now() % 2 ** 31,
      logDir: null,
      keepDb: false,
    });

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

// The exchange-faults preset, tiny (about 30 s of faults, two minutes in all): the bots trade on
// Binance's finite book (orders filled in parts) under three worker faults, each with an
// exchange fault, and the workers' order budget below what the bots ask for. Nothing placed
// twice, no fill missing or counted twice, every key's balance what the bots' books say.
describe('chaos harness (exchange-faults preset, short)', () => {
  it('partial fills under exchange faults: no duplicate, no missing or double-counted fill, balances reconciled', async () => {
    ensureBuilt();
    const { report, progress } = await run({
      ...PRESETS['exchange-faults'],
      durationS: 30,
      mix: { ...zeroCounts(), kill_9: 1, stop_2x: 1, redis_restart: 1 },
      seed: Date.now() % 2 ** 31,
      logDir: null,
      keepDb: false,
    });

    const exchangeFaults = EXCHANGE_FAULT_KINDS.reduce(
      (sum, kind) => sum + report.exchange_faults_injected[kind],
      0,
    );
    const proof = {
      fencing: report.fencing,
      duplicates: report.duplicates,
      missing_fills: report.missing_fills,
      double_counted_fills: report.double_counted_fills,
      balance_mismatches: report.balance_mismatches,
      stale_writes_accepted: report.stale_writes_accepted,
      stale_trading_writes_accepted: report.stale_trading_writes_accepted,
      balances_reconciled: report.balances_compared > 0,
      partial_fills_seen: report.partial_fills > 0,
      exchange_faults_injected: exchangeFaults >= 3,
    };
    const expected = {
      fencing: 'on',
      duplicates: 0,
      missing_fills: 0,
      double_counted_fills: 0,
      balance_mismatches: 0,
      stale_writes_accepted: 0,
      stale_trading_writes_accepted: 0,
      balances_reconciled: true,
      partial_fills_seen: true,
      exchange_faults_injected: true,
    };
    if (JSON.stringify(proof) !== JSON.stringify(expected))
      process.stderr.write(`${progress.join('\n')}\n${JSON.stringify(report)}\n`);
    expect(proof).toEqual(expected);
  }, 240_000);
});
