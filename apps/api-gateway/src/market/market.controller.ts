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
import { CandlesService } from './candles.service';

const candlesByRange = [
  'Without since, to and limit: the feed’s snapshot as market-data polls it (at least the last 100 candles, the open one last).',
  'With any of them: the candles opening in [since, to), oldest first, at most `limit` (default 500, at most 5000): the first ones from `since`, else the last ones before `to` (or now, the open candle included).',
  'A range market-data’s snapshot holds is answered from it; another is read from the exchange a page at a time through the cluster’s request budget (one read for all replicas), so a long one may take seconds.',
  'A range over 5000 candles is a 400 at `to`: page through it with `since`.',
  'Issue 13 will put a Postgres candle store behind this route.',
].join(' ');

/** Public market data, as market-data polls it once for the whole cluster. */
@Controller('market')
export class MarketController {
  constructor(
    private readonly marketData: MarketDataClient,
    private readonly candleService: CandlesService,
  ) {}

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
    summary: 'Candles of a market: the recent ones, or a time range',
    description: candlesByRange,
    auth: 'user',
    params: MarketParams,
    query: CandlesQuery,
    response: CandlesView,
  })
  candles(@Param() { exchangeId }: MarketParams, @Query() query: CandlesQuery) {
    return this.candleService.candles(exchangeId, query);
  }
}
