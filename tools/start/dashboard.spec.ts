import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// dashboard.mjs is an ES module of npm start (Node built-ins only); jest runs CommonJS, so each
// case runs in a child node over a throwaway checkout.
const MODULE = join(__dirname, 'dashboard.mjs');

interface Outcome {
  served: boolean;
  said: string[];
  builds: number;
}

/** ensureDashboard over `root` with a stand-in build that writes index.html (or fails). */
function ensure(root: string, buildSucceeds = true): Outcome {
  const script = `
import { mkdirSync, writeFileSync } from 'node:fs';
import { ensureDashboard } from ${JSON.stringify(MODULE)};
const root = ${JSON.stringify(root)};
const said = [];
let builds = 0;
const served = ensureDashboard(root, {
  say: (line) => said.push(line),
  build: () => {
    builds++;
    if (!${buildSucceeds}) return false;
    mkdirSync(root + '/dist/apps/dashboard', { recursive: true });
    writeFileSync(root + '/dist/apps/dashboard/index.html', '<!doctype html>');
    return true;
  },
});
process.stdout.write(JSON.stringify({ served, said, builds }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Outcome;
}

describe('npm start: the dashboard is built when its sources changed', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dashboard-checkout-'));
    write('apps/dashboard/project.json', '{"name":"dashboard"}');
    write('apps/dashboard/src/main.tsx', 'render()');
    write('libs/strategies/src/index.ts', 'export {}');
    write('libs/api-schemas/src/index.ts', 'export {}');
    write('package-lock.json', '{}');
    write('libs/persistence/src/index.ts', 'export {}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('without the dashboard project: says so and goes on', () => {
    rmSync(join(root, 'apps/dashboard'), { recursive: true });
    expect(ensure(root)).toEqual({
      served: false,
      said: ['dashboard: not in this checkout'],
      builds: 0,
    });
  });

  it('builds once, then finds it up to date', () => {
    expect(ensure(root)).toEqual({
      served: true,
      said: ['dashboard: building it (not built yet)', 'dashboard: built'],
      builds: 1,
    });
    expect(ensure(root)).toEqual({ served: true, said: ['dashboard: up to date'], builds: 0 });
  });

  it.each([
    ['an app file', 'apps/dashboard/src/main.tsx'],
    ['a new app file', 'apps/dashboard/src/new-page.tsx'],
    ['a strategy', 'libs/strategies/src/index.ts'],
    ['a schema', 'libs/api-schemas/src/index.ts'],
    ['the lock file', 'package-lock.json'],
  ])('builds again after a change to %s', (_, path) => {
    ensure(root);
    write(path, 'changed');
    expect(ensure(root).said).toEqual([
      'dashboard: building it (its sources changed)',
      'dashboard: built',
    ]);
  });

  it('ignores what the dashboard does not read (another lib, node_modules)', () => {
    ensure(root);
    write('libs/persistence/src/index.ts', 'changed');
    write('apps/dashboard/node_modules/.vite/deps.json', '{}');
    expect(ensure(root).builds).toBe(0);
  });

  it('builds again when the output was deleted', () => {
    ensure(root);
    rmSync(join(root, 'dist/apps/dashboard'), { recursive: true });
    expect(ensure(root).said[0]).toBe('dashboard: building it (not built yet)');
  });

  it('a failed build: the API starts without it, and the next start tries again', () => {
    expect(ensure(root, false)).toEqual({
      served: false,
      said: [
        'dashboard: building it (not built yet)',
        'dashboard: the build failed (see above); the API starts without it',
      ],
      builds: 1,
    });
    expect(ensure(root).builds).toBe(1);
  });
});
