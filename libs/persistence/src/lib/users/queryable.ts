import type { DataSource } from 'typeorm';

/**
 * Parameterised SQL that answers with the rows (RETURNING included) whatever the statement:
 * the gateway's SQL window satisfies it, and `queryableOf` adapts a DataSource (tools).
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * TypeORM's plain query() answers UPDATE and DELETE with [rows, rowCount] but SELECT and
 * INSERT with rows; the structured result has the rows in `records` every time.
 */
export const queryableOf = (dataSource: DataSource): Queryable => ({
  async query<Row>(text: string, params?: readonly unknown[]) {
    const runner = dataSource.createQueryRunner();
    try {
      const result = await runner.query(text, params ? [...params] : undefined, true);
      return (result.records ?? []) as Row[];
    } finally {
      await runner.release();
    }
  },
});
