import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BalanceCache } from '../balances/balance-cache';
import {
  BALANCE_SETTINGS,
  type BalanceSettings,
  BalancesService,
} from '../balances/balances.service';
import { QuotesController } from './quotes.controller';
import { QuotesService } from './quotes.service';

/** Ticker, candle and balance queries over the transport. Needs FeedsModule (global). */
@Module({})
export class QuotesModule implements OnApplicationShutdown {
  constructor(private readonly cache: BalanceCache) {}

  static forRoot(options: { redisUrl: string; balances: BalanceSettings }): DynamicModule {
    return {
      module: QuotesModule,
      controllers: [QuotesController],
      providers: [
        QuotesService,
        BalancesService,
        { provide: BALANCE_SETTINGS, useValue: options.balances },
        { provide: BalanceCache, useFactory: () => new BalanceCache(options.redisUrl) },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.cache.close();
  }
}
