import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BotsRepository } from './bots/bots.repository';
import { ExchangeAccountsRepository } from './accounts/exchange-accounts.repository';
import { type DatabaseOptions, dataSourceOptions } from './data-source';
import { DatabaseCheck } from './database.check';
import { FencedWriter } from './fencing/fenced-writer';
import { PaperLedgerRepository } from './paper/paper-ledger.repository';
import { PoolStats } from './pool-stats';
import { SQL } from './sql/sql';
import { sqlOver } from './sql/typeorm-sql';
import { TradingRepository } from './trading/trading.repository';

const exported = [
  SQL,
  DatabaseCheck,
  BotsRepository,
  ExchangeAccountsRepository,
  FencedWriter,
  TradingRepository,
  PaperLedgerRepository,
  PoolStats,
];

/**
 * The service's pool to the shared Postgres, {@link SQL} over it, the repositories the
 * workers share, and its readiness check. The stores of the gateway's features are provided
 * by the feature modules that use them (they need only SQL).
 */
@Module({})
export class PersistenceModule {
  static forRoot(options: DatabaseOptions & { unsafeDisableFencing?: boolean }): DynamicModule {
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
      providers: [
        {
          provide: SQL,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => sqlOver(dataSource),
        },
        DatabaseCheck,
        PoolStats,
        BotsRepository,
        ExchangeAccountsRepository,
        {
          provide: FencedWriter,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new FencedWriter(dataSource, !options.unsafeDisableFencing),
        },
        {
          provide: TradingRepository,
          inject: [DataSource, FencedWriter],
          useFactory: (dataSource: DataSource, writer: FencedWriter) =>
            new TradingRepository(dataSource, writer),
        },
        {
          provide: PaperLedgerRepository,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new PaperLedgerRepository(dataSource),
        },
      ],
      exports: exported,
    };
  }
}
