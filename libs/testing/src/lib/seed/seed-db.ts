import { randomBytes } from 'node:crypto';

/**
 * What the seed builders write through: anything whose `query(text, params)` runs parameterised
 * SQL: the `Sql` port of @platform/persistence, a TypeORM DataSource or EntityManager, a pg
 * Client or Pool, OwnershipAudit. (A structural type: this lib imports no platform lib whose
 * own tests use it, so persistence's specs can seed too.)
 */
export interface SeedDb {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/** A row that was seeded (or made through the API), by its id or as the builder returned it. */
export type Ref = string | { id: string };

export const idOf = (ref: Ref): string => (typeof ref === 'string' ? ref : ref.id);

/** The rows of a statement: the Sql port, TypeORM and OwnershipAudit answer an array, pg `{ rows }`. */
export async function rowsOf<Row>(db: SeedDb, text: string, params: unknown[]): Promise<Row[]> {
  const result = await db.query(text, params);
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

/** A short random suffix that keeps default names, emails and labels unique. */
export const unique = (): string => randomBytes(6).toString('hex');
