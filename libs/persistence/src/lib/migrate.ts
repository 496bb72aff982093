import { Client } from 'pg';
import { MIGRATIONS_TABLE, createDataSource } from './data-source';

export interface MigrationReport {
  applied: string[];
  pending: string[];
}

// Serializes migration runs of several notebooks starting at once.
const MIGRATION_LOCK_KEY = 727_001;

async function withMigrationLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const lockClient = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await lockClient.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work();
  } finally {
    await lockClient
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lockClient.end();
  }
}

async function withDataSource<T>(
  url: string,
  work: (ds: ReturnType<typeof createDataSource>) => Promise<T>,
) {
  const dataSource = createDataSource({ url, applicationName: 'migrations', poolSize: 2 });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Applies every pending migration; returns the names applied now. */
export function runMigrations(url: string): Promise<string[]> {
  return withMigrationLock(url, () =>
    withDataSource(url, async (ds) =>
      (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name),
    ),
  );
}

/** Reverts the most recent migration. */
export function revertLastMigration(url: string): Promise<void> {
  return withMigrationLock(url, () =>
    withDataSource(url, (ds) => ds.undoLastMigration({ transaction: 'each' })),
  );
}

export function migrationStatus(url: string): Promise<MigrationReport> {
  return withDataSource(url, async (ds) => {
    const all = ds.migrations.map((m) => m.name ?? m.constructor.name);
    const [{ exists }] = await ds.query(
      `SELECT to_regclass('${MIGRATIONS_TABLE}') IS NOT NULL AS exists`,
    );
    const rows: { name: string }[] = exists
      ? await ds.query(`SELECT name FROM ${MIGRATIONS_TABLE}`)
      : [];
    const applied = new Set(rows.map((r) => r.name));
    return {
      applied: all.filter((n) => applied.has(n)),
      pending: all.filter((n) => !applied.has(n)),
    };
  });
}
