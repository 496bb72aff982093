import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type DatabaseOptions, dataSourceOptions } from './data-source';
import { DatabaseCheck } from './database.check';
import { FencedWriter } from './fencing/fenced-writer';
import { BotsRepository } from './repositories/bots.repository';
import { ExchangeAccountsRepository } from './repositories/exchange-accounts.repository';
import { PaperLedgerRepository } from './paper/paper-ledger.repository';
import { TradingRepository } from './trading/trading.repository';

const providers = [
  DatabaseCheck,
  BotsRepository,
  ExchangeAccountsRepository,
  FencedWriter,
  TradingRepository,
  PaperLedgerRepository,
];

/** The service's pool to the shared Postgres, the repositories over it, and its readiness check. */
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
        DatabaseCheck,
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
      exports: providers,
    };
  }
}
