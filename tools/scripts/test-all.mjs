// `npm test` after its dependencies: every project's lint, typecheck and test, as two Nx runs
// side by side: the end-to-end suites in one, one task at a time, everything else in the other,
// three at a time.
//
// Why: Nx starts the tasks of the most depended-on projects first, so the end-to-end suites,
// the longest task (about 400 s on a 2-core machine), started last, about 215 s into a 620 s
// run, and the whole run waited for them. Measured here one after the other: one Nx run of 3,
// 626 s; e2e beside 2 others, 644 s (the rest became the longest); e2e beside 3, 555 s (the
// two runs end within a minute of each other). The tasks mostly wait on child processes
// (the machine's two cores were 125-142 % busy), so the fourth slot costs little.
// The apps are built first, once, so that the two runs never build them side by side.
//   node tools/scripts/test-all.mjs [nx flags for both runs, e.g. --skip-nx-cache]
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const nx = join(dirname(fileURLToPath(import.meta.url)), 'nx.mjs');
const passed = process.argv.slice(2);
const TARGETS = ['-t', 'lint', 'typecheck', 'test', '--outputStyle=static'];
// The apps the e2e suites and the tools' benches and chaos runs start as built processes.
const APPS = ['api-gateway', 'bot-worker', 'market-data', 'dashboard'];
const LONGEST = 'platform-e2e';

const build = spawnSync(
  process.execPath,
  [nx, 'run-many', '-t', 'build', '-p', ...APPS, '--outputStyle=static', ...passed],
  { stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const runs = [
  ['run-many', ...TARGETS, '-p', LONGEST, '--parallel=1'],
  ['run-many', ...TARGETS, '--exclude', LONGEST, '--parallel=3'],
].map((args) => {
  const child = spawn(process.execPath, [nx, ...args, '--excludeTaskDependencies', ...passed], {
    stdio: 'inherit',
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
});

const results = await Promise.all(runs);
const failed = results.filter((result) => result !== 0);
if (failed.length > 0) {
  console.error(`test-all: ${failed.length} of the two Nx runs failed (see above)`);
  process.exit(1);
}
