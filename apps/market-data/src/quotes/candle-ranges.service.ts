import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  CANDLE_RANGE_MAX,
  type CandleRangeQuery,
  type CandlesReply,
  candleOpenAt,
  candlesSpanned,
} from '@platform/contracts';
import type { Candle } from '@platform/exchange';
import { isStale, SnapshotStore } from '@platform/market-snapshots';
import { CandleStore } from '@platform/persistence';
import { CandleBackfill } from '../candles/candle-backfill';
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
 * Candles by time range (the dashboard's chart; docs/architecture.md, "Candle history"). The
 * closed candles come from the candle store: what it lacks is first taken from the feed's
 * snapshot when that holds it (no exchange call), else backfilled from the exchange (pages
 * through the weight budget, one replica per market: CandleBackfill), and stored. The candle
 * open now, when the range reaches it, is the snapshot's when current, else read from the
 * exchange once for the cluster (ClusterFlight); it is never stored.
 */
@Injectable()
export class CandleRangesService implements OnApplicationShutdown {
  private readonly flight = new SingleFlight<FetchedRange>();

  constructor(
    private readonly snapshots: SnapshotStore,
    private readonly clients: ExchangeClients,
    @Inject(FEED_SETTINGS) private readonly settings: FeedSettings,
    @Inject(CANDLE_RANGE_FLIGHT) private readonly clusterFlight: ClusterFlight<FetchedRange>,
    private readonly store: CandleStore,
    private readonly backfill: CandleBackfill,
  ) {}

  async range(query: CandleRangeQuery): Promise<CandlesReply> {
    const { exchangeId, symbol, timeframe, since, to } = query;
    // the gateway checked the range; a request from elsewhere must not buy unbounded pages
    if (!(Number.isSafeInteger(since) && Number.isSafeInteger(to) && since >= 0))
      throw new Error(`candle range [${since}, ${to}) is not two times in ms`);
    if (candlesSpanned(since, to, timeframe) > CANDLE_RANGE_MAX)
      throw new Error(`candle range spans more than ${CANDLE_RANGE_MAX} ${timeframe} candles`);
    const now = Date.now();
    const reply = (candles: Candle[], fetchedAt: number): CandlesReply => ({
      exchangeId,
      symbol,
      timeframe,
      candles: candles.filter(([open]) => open >= since && open < to),
      fetchedAt,
      ageMs: now - fetchedAt,
      stale: isStale({ fetchedAt }, this.settings.candleRefreshMs, now),
    });
    if (to <= since) return reply([], now);
    const key = { exchangeId, symbol, timeframe };
    const openNow = candleOpenAt(timeframe, now);
    const closedTo = Math.min(to, openNow);
    const snapshot = await this.snapshots.readCandles(exchangeId, symbol, timeframe);
    const current = snapshot !== null && !isStale(snapshot, this.settings.candleRefreshMs, now);
    let closed: Candle[] = [];
    if (closedTo > since) {
      if ((await this.store.missingRanges(key, since, closedTo, now)).length > 0) {
        // a snapshot's candles before its last one are closed: the exchange sent a later one
        if (snapshot) await this.store.save(key, snapshot.candles.slice(0, -1), now);
        await this.backfill.backfill({ ...key, from: since, to: closedTo }, now);
      }
      closed = await this.store.load(key, since, closedTo);
    }
    if (to <= openNow) return reply(closed, now);
    const open =
      current && snapshot.candles.some(([time]) => time >= openNow)
        ? snapshot
        : await this.fetch({ ...query, since: openNow });
    return reply([...closed, ...open.candles.filter(([time]) => time >= openNow)], open.fetchedAt);
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
