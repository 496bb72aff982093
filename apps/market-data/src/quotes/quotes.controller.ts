import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  type BalanceQuery,
  type BalanceReply,
  type CandleBackfillQuery,
  type CandleBackfillReply,
  type CandleRangeQuery,
  type CandlesQuery,
  type CandlesReply,
  MarketDataPatterns,
  type TickerQuery,
  type TickerReply,
} from '@platform/contracts';
import { BalancesService } from '../balances/balances.service';
import { CandleBackfill } from '../candles/candle-backfill';
import { CandleRangesService } from './candle-ranges.service';
import { toRpcError } from './market-data.rpc-error';
import { QuotesService } from './quotes.service';

/** Market data over the Redis transport; thin: the services do the work. */
@Controller()
export class QuotesController {
  constructor(
    private readonly quotes: QuotesService,
    private readonly balances: BalancesService,
    private readonly ranges: CandleRangesService,
    private readonly backfill: CandleBackfill,
  ) {}

  @MessagePattern(MarketDataPatterns.GetTicker)
  ticker(query: TickerQuery): Promise<TickerReply> {
    return this.quotes.ticker(query).catch((error: unknown) => Promise.reject(toRpcError(error)));
  }

  @MessagePattern(MarketDataPatterns.GetCandles)
  candles(query: CandlesQuery): Promise<CandlesReply> {
    return this.quotes.candles(query).catch((error: unknown) => Promise.reject(toRpcError(error)));
  }

  @MessagePattern(MarketDataPatterns.GetCandleRange)
  candleRange(query: CandleRangeQuery): Promise<CandlesReply> {
    return this.ranges.range(query).catch((error: unknown) => Promise.reject(toRpcError(error)));
  }

  @MessagePattern(MarketDataPatterns.BackfillCandles)
  backfillCandles(query: CandleBackfillQuery): Promise<CandleBackfillReply> {
    return this.backfill
      .backfill(query)
      .catch((error: unknown) => Promise.reject(toRpcError(error)));
  }

  @MessagePattern(MarketDataPatterns.GetBalance)
  balance(query: BalanceQuery): Promise<BalanceReply> {
    return this.balances
      .balance(query.exchangeAccountId)
      .catch((error: unknown) => Promise.reject(toRpcError(error)));
  }
}
