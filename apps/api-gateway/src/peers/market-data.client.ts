import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import {
  type BalanceReply,
  type CandleRangeQuery,
  type CandlesQuery,
  type CandlesReply,
  MarketDataPatterns,
  type TickerQuery,
  type TickerReply,
} from '@platform/contracts';
import { request } from '@platform/service-kit';
import { MARKET_DATA_CLIENT } from './peer-clients';
import { marketDataFailure } from './market-data-errors';

export const MARKET_DATA_TIMEOUT_MS = Symbol('MARKET_DATA_TIMEOUT_MS');

/** market-data's queries over the transport, failures already turned into HTTP answers. */
@Injectable()
export class MarketDataClient {
  private readonly logger = new Logger('market-data-client');

  constructor(
    @Inject(MARKET_DATA_CLIENT) private readonly client: ClientProxy,
    @Inject(MARKET_DATA_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  /** `maxWaitMs` shortens the wait where a price is optional (a bot's status). */
  ticker(query: TickerQuery, maxWaitMs = Infinity): Promise<TickerReply> {
    return this.ask(MarketDataPatterns.GetTicker, query, Math.min(this.timeoutMs, maxWaitMs));
  }

  candles(query: CandlesQuery): Promise<CandlesReply> {
    return this.ask(MarketDataPatterns.GetCandles, query);
  }

  candleRange(query: CandleRangeQuery): Promise<CandlesReply> {
    return this.ask(MarketDataPatterns.GetCandleRange, query);
  }

  balance(exchangeAccountId: string): Promise<BalanceReply> {
    return this.ask(MarketDataPatterns.GetBalance, { exchangeAccountId });
  }

  private async ask<Reply>(
    pattern: string,
    payload: object,
    timeoutMs = this.timeoutMs,
  ): Promise<Reply> {
    try {
      return await request<Reply>(this.client, pattern, payload, timeoutMs);
    } catch (error) {
      const failure = marketDataFailure(error);
      const detail = error instanceof Error ? error.message : JSON.stringify(error);
      this.logger.warn(`${pattern} failed (${failure.code}): ${detail}`);
      throw failure;
    }
  }
}
