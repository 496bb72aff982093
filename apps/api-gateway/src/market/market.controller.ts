import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  CandlesQuery,
  CandlesView,
  MarketParams,
  TickerQuery,
  TickerView,
} from '@platform/api-schemas';
import { MarketDataClient } from '../peers/market-data.client';
import { Route } from '../routes/route.decorator';

/** Public market data, as market-data polls it once for the whole cluster. */
@Controller('market')
export class MarketController {
  constructor(private readonly marketData: MarketDataClient) {}

  @Get(':exchangeId/ticker')
  @Route({
    summary: 'Latest ticker of a market',
    auth: 'user',
    params: MarketParams,
    query: TickerQuery,
    response: TickerView,
  })
  ticker(@Param() { exchangeId }: MarketParams, @Query() { symbol }: TickerQuery) {
    return this.marketData.ticker({ exchangeId, symbol });
  }

  @Get(':exchangeId/candles')
  @Route({
    summary: 'Recent candles of a market',
    auth: 'user',
    params: MarketParams,
    query: CandlesQuery,
    response: CandlesView,
  })
  candles(@Param() { exchangeId }: MarketParams, @Query() { symbol, timeframe }: CandlesQuery) {
    return this.marketData.candles({ exchangeId, symbol, timeframe });
  }
}
