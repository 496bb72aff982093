import { Injectable } from '@nestjs/common';
import type { CandlesQuery } from '@platform/api-schemas';
import type { CandlesReply } from '@platform/contracts';
import { MarketDataClient } from '../peers/market-data.client';
import { candleWindow } from './candle-window';

/** A market's candles: the feed's snapshot as it is, or a range of them (the chart's). */
@Injectable()
export class CandlesService {
  constructor(private readonly marketData: MarketDataClient) {}

  async candles(exchangeId: string, query: CandlesQuery): Promise<CandlesReply> {
    const { symbol, timeframe } = query;
    const window = candleWindow(query, Date.now());
    if (!window) return this.marketData.candles({ exchangeId, symbol, timeframe });
    const { since, to, limit, keep } = window;
    const reply = await this.marketData.candleRange({ exchangeId, symbol, timeframe, since, to });
    const candles = keep === 'first' ? reply.candles.slice(0, limit) : reply.candles.slice(-limit);
    return { ...reply, candles };
  }
}
