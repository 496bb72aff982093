/**
 * The gateway's narrow window on Postgres: parameterised SQL and transactions. The TypeORM
 * pool behind it is wired in database.module.ts (apps mention TypeORM only in composition
 * roots); the stores that use it hold the queries.
 */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
}

export const SQL = Symbol('SQL');

/** Postgres SQLSTATEs the gateway turns into answers. */
export const PgErrors = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
} as const;

/** The SQLSTATE and constraint of a failed query (TypeORM copies the driver's fields). */
export function pgError(error: unknown): { code?: string; constraint?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    constraint: typeof constraint === 'string' ? constraint : undefined,
  };
}
