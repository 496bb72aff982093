// Runs `npm ci` when node_modules is missing or older than package-lock.json, so that
// `npm start` and `npm test` work on a fresh clone with no other set-up; with `--for test`, it
// first makes sure of the system programs the tests run (system-deps.mjs). Node built-ins only:
// this runs before any dependency exists.
import { spawnSync } from 'node:child_process';
import { lstatSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePrograms, TEST_PROGRAMS } from './system-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
};

if (process.argv.includes('--for') && process.argv.includes('test')) {
  if (!ensurePrograms(TEST_PROGRAMS)) process.exit(1);
}

// npm writes node_modules/.package-lock.json at the end of every successful install.
const installedAt = mtime(join(root, 'node_modules', '.package-lock.json'));
const lockChangedAt = mtime(join(root, 'package-lock.json'));

// A node_modules linked from another checkout (a git worktree sharing its packages) belongs to
// that checkout: `npm ci` here would empty it under every other user of the link.
const linked = (() => {
  try {
    return lstatSync(join(root, 'node_modules')).isSymbolicLink();
  } catch {
    return false;
  }
})();

if (
  !linked &&
  (installedAt === undefined || (lockChangedAt !== undefined && lockChangedAt > installedAt))
) {
  console.log(
    installedAt === undefined
      ? '[setup] node_modules is missing: running npm ci'
      : '[setup] package-lock.json is newer than node_modules: running npm ci',
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[setup] npm ci failed; fix the error above and run the command again');
    process.exit(result.status ?? 1);
  }
}
