import { DataSource, type EntityManager } from 'typeorm';
import type { Sql } from './sql';

/**
 * {@link Sql} over a TypeORM pool (a DataSource) or a transaction's EntityManager. TypeORM's
 * plain query() answers UPDATE and DELETE with [rows, rowCount] but SELECT and INSERT with
 * rows; the structured result has the rows (RETURNING included) in `records` every time.
 */
export function sqlOver(source: DataSource | EntityManager): Sql {
  const manager = source instanceof DataSource ? source.manager : source;
  return {
    async query<Row>(text: string, params?: readonly unknown[]) {
      // inside a transaction the manager has its runner; outside, one runner per query
      const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
      try {
        const result = await runner.query(text, params ? [...params] : undefined, true);
        return (result.records ?? []) as Row[];
      } finally {
        if (!manager.queryRunner) await runner.release();
      }
    },
    transaction: (work) => manager.transaction((inner) => work(sqlOver(inner))),
  };
}
