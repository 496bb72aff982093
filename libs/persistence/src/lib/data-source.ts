import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

export interface DatabaseOptions {
  url: string;
  /** Shown in pg_stat_activity, e.g. the service's instance id. */
  applicationName?: string;
  poolSize?: number;
  /**
   * Postgres ends a session that sits idle inside a transaction this long, releasing its
   * locks: a process frozen mid-transaction (GC pause, SIGSTOP, suspended laptop) must not
   * block others for longer than this.
   */
  idleInTransactionTimeoutMs?: number;
}

export const MIGRATIONS_TABLE = 'schema_migrations';

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    // No entity classes: every query is hand-written SQL, kept in the folder of its aggregate.
    entities: [],
    migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    // The schema changes only through migrations, never by the ORM guessing.
    synchronize: false,
    migrationsRun: false,
    // Fail a connection attempt in bounded time instead of hanging a request or a probe.
    connectTimeoutMS: 3000,
    poolSize: options.poolSize ?? 10,
    extra: { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 10_000 },
    // Failed queries surface as errors to their callers, which log them with context.
    logging: ['warn', 'migration'],
  };
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}
