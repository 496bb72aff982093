import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  CANDLE_RANGE_MAX,
  type CandleRangeQuery,
  type CandlesReply,
  candlesSpanned,
} from '@platform/contracts';
import type { Candle } from '@platform/exchange';
import { type CandlesSnapshot, isStale, SnapshotStore } from '@platform/market-snapshots';
import { fetchCandleRange } from '../feeds/candle-history';
import { ExchangeClients } from '../feeds/exchange-clients';
import { FEED_SETTINGS, type FeedSettings } from '../feeds/feeds.service';
import { ClusterFlight } from './cluster-flight';
import { SingleFlight } from './single-flight';

export const CANDLE_RANGE_FLIGHT = Symbol('CANDLE_RANGE_FLIGHT');

/** A range read from the exchange, with when. */
export interface FetchedRange {
  candles: Candle[];
  fetchedAt: number;
}

/**
 * Whether the snapshot holds every candle opening in [since, to): it starts at or before
 * `since`, and either reaches `to` or is current (so no later candle has opened yet).
 */
function holds(snapshot: CandlesSnapshot, { since, to }: CandleRangeQuery, current: boolean) {
  const first = snapshot.candles[0];
  const last = snapshot.candles[snapshot.candles.length - 1];
  return first !== undefined && first[0] <= since && (to <= last[0] + 1 || current);
}

/**
 * Candles by time range (the dashboard's chart): answered from the feed's snapshot when it
 * holds the range, else read from the exchange a page at a time through the weight budget,
 * once for the cluster (ClusterFlight). Issue 13 puts a Postgres candle store behind this.
 */
@Injectable()
export class CandleRangesService implements OnApplicationShutdown {
  private readonly flight = new SingleFlight<FetchedRange>();

  constructor(
    private readonly store: SnapshotStore,
    private readonly clients: ExchangeClients,
    @Inject(FEED_SETTINGS) private readonly settings: FeedSettings,
    @Inject(CANDLE_RANGE_FLIGHT) private readonly clusterFlight: ClusterFlight<FetchedRange>,
  ) {}

  async range(query: CandleRangeQuery): Promise<CandlesReply> {
    const { exchangeId, symbol, timeframe, since, to } = query;
    // the gateway checked the range; a request from elsewhere must not buy unbounded pages
    if (!(Number.isSafeInteger(since) && Number.isSafeInteger(to) && since >= 0))
      throw new Error(`candle range [${since}, ${to}) is not two times in ms`);
    if (candlesSpanned(since, to, timeframe) > CANDLE_RANGE_MAX)
      throw new Error(`candle range spans more than ${CANDLE_RANGE_MAX} ${timeframe} candles`);
    const now = Date.now();
    const snapshot = await this.store.readCandles(exchangeId, symbol, timeframe);
    const current = snapshot !== null && !isStale(snapshot, this.settings.candleRefreshMs, now);
    const { candles, fetchedAt } =
      to <= since
        ? { candles: [], fetchedAt: now }
        : snapshot && holds(snapshot, query, current)
          ? snapshot
          : await this.fetch(query);
    return {
      exchangeId,
      symbol,
      timeframe,
      candles: candles.filter(([open]) => open >= since && open < to),
      fetchedAt,
      ageMs: now - fetchedAt,
      stale: isStale({ fetchedAt }, this.settings.candleRefreshMs, now),
    };
  }

  private fetch({ exchangeId, symbol, timeframe, since, to }: CandleRangeQuery) {
    const key = `${exchangeId}:${symbol}:${timeframe}:${since}:${to}`;
    return this.flight.run(key, () =>
      this.clusterFlight.run(key, async () => ({
        candles: await fetchCandleRange(
          this.clients.get(exchangeId),
          { symbol, timeframe },
          since,
          to,
        ),
        fetchedAt: Date.now(),
      })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.clusterFlight.close();
  }
}
