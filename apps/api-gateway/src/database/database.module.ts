import { Global, Module } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SQL, type Sql } from './sql';

// TypeORM's plain query() answers UPDATE and DELETE with [rows, rowCount] but SELECT and INSERT
// with rows; the structured result has the rows (RETURNING included) in `records` every time.
const sqlOver = (manager: EntityManager): Sql => ({
  async query<Row>(text: string, params?: readonly unknown[]) {
    const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
    try {
      const result = await runner.query(text, params ? [...params] : undefined, true);
      return (result.records ?? []) as Row[];
    } finally {
      if (!manager.queryRunner) await runner.release();
    }
  },
  transaction: (work) => manager.transaction((inner) => work(sqlOver(inner))),
});

/** Provides {@link Sql} over the pool of PersistenceModule (which must be imported first). */
@Global()
@Module({
  providers: [
    { provide: SQL, inject: [DataSource], useFactory: (ds: DataSource) => sqlOver(ds.manager) },
  ],
  exports: [SQL],
})
export class DatabaseModule {}
