import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@platform/testing';

// `npm test`'s setup step on a machine without nginx, docker-compose, redis-server, chromium, promtool, redis-sentinel and pg_dump: the
// child process runs with a PATH that lacks them (and, in the first case, lacks apt-get too).
describe('setup step: the system programs npm test needs', () => {
  let bin: string;

  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'setup-bin-'));
  });
  afterEach(() => rmSync(bin, { recursive: true, force: true }));

  const setup = () => {
    const started = Date.now();
    const result = spawnSync(
      process.execPath,
      [join(workspaceRoot(), 'tools/scripts/ensure-deps.mjs'), '--for', 'test'],
      { cwd: workspaceRoot(), env: { ...process.env, PATH: bin }, encoding: 'utf8' },
    );
    return { ...result, seconds: (Date.now() - started) / 1000 };
  };

  it('stops at once with one line naming each missing program and how to install it', () => {
    const result = setup();
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      'missing nginx, docker-compose, redis-server, chromium, promtool, redis-sentinel, pg_dump',
    );
    expect(lines[0]).toMatch(
      /apt-get install -y nginx docker-compose redis-server chromium prometheus redis-sentinel postgresql-client/,
    );
    expect(result.seconds).toBeLessThan(10); // "in the first seconds", never a timing assertion elsewhere
  });

  it('installs them with apt-get when it can, retrying after an update', () => {
    const log = join(bin, 'apt.log');
    // a stand-in apt-get: its first install fails (stale lists), then it installs stubs
    writeFileSync(
      join(bin, 'apt-get'),
      `#!/bin/sh
echo "$*" >> "${log}"
case "$1" in
  update) : > "${bin}/updated"; exit 0 ;;
  install) [ -f "${bin}/updated" ] || exit 100
    for p in "$@"; do case "$p" in -*|install) ;; *)
      # the program each package provides, where its name differs
      case "$p" in prometheus) f=promtool ;; postgresql-client) f=pg_dump ;; *) f="$p" ;; esac
      printf '#!/bin/sh\\n' > "${bin}/$f"; /bin/chmod +x "${bin}/$f" ;; esac; done ;;
esac
`,
    );
    chmodSync(join(bin, 'apt-get'), 0o755);
    const result = setup();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      '[setup] installing nginx docker-compose redis-server chromium prometheus redis-sentinel postgresql-client with apt-get',
    );
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'install -y -q --no-install-recommends nginx docker-compose redis-server chromium prometheus redis-sentinel postgresql-client',
      'update -q',
      'install -y -q --no-install-recommends nginx docker-compose redis-server chromium prometheus redis-sentinel postgresql-client',
    ]);
    expect(setup().stdout).toBe(''); // all there now: nothing to do
  });
});
