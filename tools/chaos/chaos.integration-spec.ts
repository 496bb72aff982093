import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@platform/testing';
import { Cleanup } from './cleanup';
import { FAULT_KINDS } from './fault-kinds';
import { PRESETS } from './options';
import type { ChaosReport } from './report';
import { runChaos } from './run-chaos';

// The short chaos preset against real bot-worker processes (about a minute): every fault
// kind at least once, and the safety properties hold. No timing assertions: this machine is
// shared with the other test suites.

/** The tools project does not depend on the app's build: build the bundle if it is missing. */
function ensureBotWorkerBuilt(): void {
  const root = workspaceRoot();
  if (existsSync(join(root, 'dist', 'apps', 'bot-worker', 'main.js'))) return;
  const build = spawnSync(process.execPath, ['tools/build/build-app.cjs', 'bot-worker'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`building bot-worker failed:\n${build.stderr}`);
}

describe('chaos harness (short preset)', () => {
  it('injects every fault kind; no stale write, never two owners, no orphan', async () => {
    ensureBotWorkerBuilt();
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
      max_concurrent_owners: report.max_concurrent_owners,
      orphans: report.orphans,
      kinds_not_injected: FAULT_KINDS.filter((kind) => report.faults_injected[kind] < 1),
    };
    const expected = {
      fencing: 'on',
      stale_writes_accepted: 0,
      max_concurrent_owners: 1,
      orphans: 0,
      kinds_not_injected: [],
    };
    // On failure, the run's progress and the whole report say what happened.
    if (JSON.stringify(safety) !== JSON.stringify(expected))
      process.stderr.write(`${progress.join('\n')}\n${JSON.stringify(report)}\n`);
    expect(safety).toEqual(expected);
  }, 180_000);
});
