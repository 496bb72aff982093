import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type DatabaseOptions, dataSourceOptions } from './data-source';
import { DatabaseCheck } from './database.check';
import { BotsRepository } from './repositories/bots.repository';

const providers = [DatabaseCheck, BotsRepository];

/** The service's pool to the shared Postgres, the repositories over it, and its readiness check. */
@Module({})
export class PersistenceModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options),
          // A database that is down at start-up is retried briefly, then the process exits
          // with the reason instead of hanging.
          retryAttempts: 5,
          retryDelay: 1000,
        }),
      ],
      providers,
      exports: providers,
    };
  }
}
