import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseCheck } from './database.check';

/** What node-postgres's Pool says about itself, read for metrics (no query). */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** This process's Postgres pool (the pg Pool TypeORM's driver keeps as `master`). */
@Injectable()
export class PoolStats {
  constructor(private readonly dataSource: DataSource) {}

  counts(): PoolCounts | undefined {
    return (this.dataSource.driver as unknown as { master?: PoolCounts }).master;
  }
}

/**
 * MetricsModule's `dependencies` for a service on the shared database: Postgres probed with its
 * readiness check and the pool read at each scrape, plus the service's other probes (its Redis),
 * made when the module is.
 */
export const databaseMetricsDependencies = <Probe>(otherProbes: () => Probe[]) => ({
  inject: [DatabaseCheck, PoolStats],
  useFactory: (database: DatabaseCheck, pool: PoolStats) => ({
    probes: [database, ...otherProbes()],
    pool: () => pool.counts(),
  }),
});
