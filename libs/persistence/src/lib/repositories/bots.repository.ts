import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { BotEntity } from '../entities';

/** Bot queries the services need; apps use this instead of TypeORM directly. */
@Injectable()
export class BotsRepository {
  private readonly bots: Repository<BotEntity>;

  constructor(dataSource: DataSource) {
    this.bots = dataSource.getRepository(BotEntity);
  }

  /** Bots that should be running (rule 1: Postgres is the truth); soft-deleted ones never. */
  countDesiredRunning(): Promise<number> {
    return this.bots.count({ where: { desiredState: 'running' } });
  }
}
