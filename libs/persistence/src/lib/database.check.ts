import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Readiness of Postgres: one round trip through the service's own pool, and (until it has
 * once been true) a schema with no pending migration, so a load balancer never sends traffic
 * to a service whose tables are not there yet. When the server is gone, pg drops the broken
 * connections and the next check opens a fresh one: the check recovers by itself.
 */
@Injectable()
export class DatabaseCheck {
  readonly name = 'database';
  private schemaCurrent = false;

  constructor(private readonly dataSource: DataSource) {}

  async check() {
    if (!this.dataSource.isInitialized) throw new Error('not connected');
    await this.dataSource.query('SELECT 1');
    if (!this.schemaCurrent) {
      if (await this.dataSource.showMigrations()) {
        throw new Error('the schema has pending migrations: run `npm run db:migrate`');
      }
      this.schemaCurrent = true;
    }
  }
}
