import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BalanceCache } from '../balances/balance-cache';
import {
  BALANCE_SETTINGS,
  type BalanceSettings,
  BalancesService,
} from '../balances/balances.service';
import { CANDLE_RANGE_FLIGHT, CandleRangesService } from './candle-ranges.service';
import { ClusterFlight } from './cluster-flight';
import { QuotesController } from './quotes.controller';
import { QuotesService } from './quotes.service';

/**
 * A range read from the exchange stays in Redis this long: for the replicas waiting on the one
 * that read it, and a chart asking again at once. Not a candle store (issue 13 adds one).
 */
const RANGE_RESULT_TTL_MS = 15_000;
/** How long one replica may take to read a range (five pages, each maybe waiting for budget). */
const RANGE_FETCH_LOCK_MS = 30_000;

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
        CandleRangesService,
        {
          provide: CANDLE_RANGE_FLIGHT,
          useFactory: () =>
            new ClusterFlight(options.redisUrl, {
              prefix: 'md:candle-range',
              resultTtlMs: RANGE_RESULT_TTL_MS,
              lockMs: RANGE_FETCH_LOCK_MS,
            }),
        },
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
