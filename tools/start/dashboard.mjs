// The web dashboard in npm start: built when its sources changed since its last build. A
// SHA-256 of their contents is kept beside the build output and compared on each start: no Nx
// start-up when nothing changed, and a build output deleted by hand is noticed. The hash is
// taken before the build, so a file edited during it makes the next start build again.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the build reads: the app, the libs vite.config.mts bundles from source, the versions. */
export const DASHBOARD_SOURCES = [
  'apps/dashboard',
  'libs/api-schemas',
  'libs/strategies',
  'tsconfig.base.json',
  'package-lock.json',
];
export const DASHBOARD_PROJECT = 'apps/dashboard/project.json';
export const DASHBOARD_OUT = 'dist/apps/dashboard';
// beside the output, not in it: the build empties its folder, and the gateway serves it
export const DASHBOARD_STAMP = `${DASHBOARD_OUT}.sources.sha256`;
const NOT_SOURCES = new Set(['node_modules', 'dist', 'coverage', '.vite']);

/** Files under `path` (relative to `root`), sorted, so the hash does not depend on disk order. */
function filesUnder(root, path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .filter((name) => !NOT_SOURCES.has(name))
    .sort()
    .flatMap((name) => filesUnder(root, `${path}/${name}`));
}

/** One hash over the names and contents of every source file. */
export function sourcesHash(root) {
  const hash = createHash('sha256');
  for (const file of DASHBOARD_SOURCES.flatMap((path) => filesUnder(root, path)))
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

/**
 * `absent` (no dashboard project in this checkout), `fresh` (built from these very sources) or
 * `stale` with the reason and the sources' hash.
 */
export function dashboardStatus(root) {
  if (!existsSync(join(root, DASHBOARD_PROJECT))) return { state: 'absent' };
  const hash = sourcesHash(root);
  if (!existsSync(join(root, DASHBOARD_OUT, 'index.html')))
    return { state: 'stale', reason: 'not built yet', hash };
  const stamp = join(root, DASHBOARD_STAMP);
  const builtFrom = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
  return builtFrom === hash
    ? { state: 'fresh', hash }
    : { state: 'stale', reason: 'its sources changed', hash };
}

/** The project's build target through Nx (its name read from the project file). */
export function buildWithNx(root) {
  const { name } = JSON.parse(readFileSync(join(root, DASHBOARD_PROJECT), 'utf8'));
  const result = spawnSync(
    process.execPath,
    [join(root, 'tools', 'scripts', 'nx.mjs'), 'run', `${name}:build`, '--outputStyle=static'],
    { cwd: root, stdio: 'inherit' },
  );
  return result.status === 0;
}

/**
 * Builds the dashboard when it is stale. `build()` returns true on success; `say` reports.
 * Returns whether a built dashboard is there to serve.
 */
export function ensureDashboard(root, { build = () => buildWithNx(root), say }) {
  const status = dashboardStatus(root);
  if (status.state === 'absent') {
    say('dashboard: not in this checkout');
    return false;
  }
  if (status.state === 'fresh') {
    say('dashboard: up to date');
    return true;
  }
  say(`dashboard: building it (${status.reason})`);
  if (!build()) {
    say('dashboard: the build failed (see above); the API starts without it');
    return existsSync(join(root, DASHBOARD_OUT, 'index.html')); // an older build still serves
  }
  writeFileSync(join(root, DASHBOARD_STAMP), `${status.hash}\n`);
  say('dashboard: built');
  return true;
}
