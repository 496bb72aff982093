// The programs `npm test` runs besides Node (the deploy checks, the tests' own Redis servers,
// the browser the dashboard's tests drive):
// installed with apt when this runs as root on Debian/Ubuntu, else named in one line with the
// command that installs them, within the first seconds. Node built-ins only.
import { spawnSync } from 'node:child_process';

/** program -> the Debian package that provides it */
export const TEST_PROGRAMS = {
  nginx: 'nginx',
  'docker-compose': 'docker-compose',
  'redis-server': 'redis-server',
  // Debian's build, run by libs/testing's browser kit as /usr/bin/chromium: no browser
  // download from Playwright's servers, and security updates come with the system's.
  chromium: 'chromium',
  // `promtool check metrics` / `test rules` on the services' /metrics and the alert rules
  promtool: 'prometheus',
  // the Sentinel failover test's three sentinels
  'redis-sentinel': 'redis-sentinel',
  // db:backup / db:restore and their test
  pg_dump: 'postgresql-client',
};

const has = (program) =>
  spawnSync('/bin/sh', ['-c', `command -v "${program}"`], { stdio: 'ignore' }).status === 0;

const apt = (args) =>
  spawnSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).status === 0;

/** Returns true when every program is there (installing what it can); else prints why. */
export function ensurePrograms(programs) {
  let missing = Object.keys(programs).filter((program) => !has(program));
  if (missing.length === 0) return true;
  const packages = [...new Set(missing.map((program) => programs[program]))];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    console.log(`[setup] installing ${packages.join(' ')} with apt-get`);
    const install = ['install', '-y', '-q', '--no-install-recommends', ...packages];
    // a fresh machine's package lists may be stale or empty: refresh them once and retry
    if (!apt(install) && apt(['update', '-q'])) apt(install);
    missing = missing.filter((program) => !has(program));
    if (missing.length === 0) return true;
  }
  const sudo = isRoot ? '' : 'sudo ';
  console.error(
    `[setup] missing ${missing.join(', ')}: install with \`${sudo}apt-get install -y ${packages.join(' ')}\` and run the command again`,
  );
  return false;
}
