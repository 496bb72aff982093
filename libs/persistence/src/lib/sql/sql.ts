/**
 * The window on Postgres: parameterised SQL and transactions, over the TypeORM pool
 * (`sqlOver`). The stores and repositories query through it; the fenced writes
 * (FencedWriter, TradingRepository) keep their transaction on TypeORM's manager, and migrations
 * and the readiness check use the DataSource itself. Apps inject it (token {@link SQL}) only to
 * open a transaction and hand it to the stores.
 */
export interface Sql {
  /** The rows of any statement (RETURNING included; none for a plain UPDATE or DELETE). */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
}

/** The Nest token of the service's {@link Sql} (provided by PersistenceModule). */
export const SQL = Symbol('SQL');
