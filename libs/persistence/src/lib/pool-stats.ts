import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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
