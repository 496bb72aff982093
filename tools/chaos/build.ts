import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@platform/testing';

/** The apps the harness starts as processes. */
export const CHAOS_APPS = ['bot-worker', 'market-data'] as const;

const built = (app: string) => existsSync(join(workspaceRoot(), 'dist', 'apps', app, 'main.js'));

/** Builds (webpack, no Nx) each app whose bundle is missing; for the spec. */
export function ensureBuilt(apps: readonly string[] = CHAOS_APPS): void {
  for (const app of apps.filter((a) => !built(a))) {
    const build = spawnSync(process.execPath, ['tools/build/build-app.cjs', app], {
      cwd: workspaceRoot(),
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`building ${app} failed:\n${build.stderr}`);
  }
}

/**
 * Builds the apps through Nx (a cache hit when nothing changed), its output on stderr so that
 * stdout keeps the one JSON line; for the CLI.
 */
export function buildWithNx(apps: readonly string[]): void {
  const build = spawnSync(
    process.execPath,
    ['tools/scripts/nx.mjs', 'run-many', '-t', 'build', '-p', ...apps, '--outputStyle=static'],
    { cwd: workspaceRoot(), stdio: ['ignore', 2, 2] },
  );
  if (build.status !== 0) throw new Error(`building ${apps.join(', ')} failed`);
}
