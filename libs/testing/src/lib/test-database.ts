import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { withPgClient } from './pg-client';

/** The local server's maintenance connection; tests create and drop their own databases on it. */
export const TEST_DATABASE_ADMIN_URL =
  process.env['TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL on the admin connection (e.g. to cut the database off). */
  admin(sql: string, params?: unknown[]): Promise<void>;
  drop(): Promise<void>;
}

const onAdmin = <T>(work: (client: Client) => Promise<T>): Promise<T> =>
  withPgClient(TEST_DATABASE_ADMIN_URL, work);

/**
 * A fresh, empty database on the local PostgreSQL; `setup` (e.g. `runMigrations` from
 * @platform/persistence) prepares it. (This lib stays free of platform libs so that their own
 * tests can use it.)
 */
export async function createTestDatabase(
  setup?: (url: string) => Promise<unknown>,
): Promise<TestDatabase> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await onAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_DATABASE_ADMIN_URL);
  url.pathname = `/${name}`;
  await setup?.(url.toString());
  return {
    name,
    url: url.toString(),
    admin: (sql, params) => onAdmin(async (client) => void (await client.query(sql, params))),
    drop: () =>
      onAdmin(async (client) => {
        await client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}
