import { Inject, Injectable } from '@nestjs/common';
import type { CandlesQuery, CandlesReply, TickerQuery, TickerReply } from '@platform/contracts';
import { isStale, SnapshotStore } from '@platform/market-snapshots';
import { DEFAULT_CANDLES } from '../feeds/candle-history';
import { ExchangeClients } from '../feeds/exchange-clients';
import { FEED_SETTINGS, type FeedSettings } from '../feeds/feeds.service';
import { SingleFlight } from './single-flight';

/**
 * Answers ticker and candle queries from the shared snapshots. A market no running bot needs
 * has no feed: it is fetched on demand once (concurrent asks share the call) and kept briefly.
 */
@Injectable()
export class QuotesService {
  private readonly tickerFlight = new SingleFlight<void>();
  private readonly candlesFlight = new SingleFlight<void>();

  constructor(
    private readonly store: SnapshotStore,
    private readonly clients: ExchangeClients,
    @Inject(FEED_SETTINGS) private readonly settings: FeedSettings,
  ) {}

  async ticker({ exchangeId, symbol }: TickerQuery): Promise<TickerReply> {
    let snapshot = await this.store.readTicker(exchangeId, symbol);
    if (!snapshot) {
      await this.tickerFlight.run(`${exchangeId}:${symbol}`, async () => {
        const ticker = await this.clients.get(exchangeId).fetchTicker(symbol);
        await this.store.writeTicker(
          { exchangeId, symbol, ticker, fetchedAt: Date.now() },
          2 * this.settings.pollIntervalMs,
        );
      });
      snapshot = await this.store.readTicker(exchangeId, symbol);
    }
    if (!snapshot) throw new Error(`no ticker for ${exchangeId} ${symbol}`);
    const now = Date.now();
    const { last, bid, ask } = snapshot.ticker;
    return {
      exchangeId,
      symbol,
      last,
      bid,
      ask,
      fetchedAt: snapshot.fetchedAt,
      ageMs: now - snapshot.fetchedAt,
      stale: isStale(snapshot, this.settings.pollIntervalMs, now),
    };
  }

  async candles({ exchangeId, symbol, timeframe }: CandlesQuery): Promise<CandlesReply> {
    let snapshot = await this.store.readCandles(exchangeId, symbol, timeframe);
    if (!snapshot) {
      await this.candlesFlight.run(`${exchangeId}:${symbol}:${timeframe}`, async () => {
        const client = this.clients.get(exchangeId);
        const candles = await client.fetchCandles(symbol, timeframe, DEFAULT_CANDLES);
        await this.store.writeCandles(
          { exchangeId, symbol, timeframe, candles, fetchedAt: Date.now() },
          this.settings.candleRefreshMs,
        );
      });
      snapshot = await this.store.readCandles(exchangeId, symbol, timeframe);
    }
    if (!snapshot) throw new Error(`no candles for ${exchangeId} ${symbol} ${timeframe}`);
    const now = Date.now();
    return {
      exchangeId,
      symbol,
      timeframe,
      candles: snapshot.candles,
      fetchedAt: snapshot.fetchedAt,
      ageMs: now - snapshot.fetchedAt,
      stale: isStale(snapshot, this.settings.candleRefreshMs, now),
    };
  }
}
