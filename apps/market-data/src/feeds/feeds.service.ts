import { messageOf } from '@platform/contracts';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  defaultSafetyMarginMs,
  type Lease,
  LeaseKeeper,
  LeaseManager,
  LeaseNames,
} from '@platform/distributed-lock';
import { BannedError, type CandleUpdate, RateLimitedError, type Ticker } from '@platform/exchange';
import { type FeedKey, feedId, SnapshotStore } from '@platform/market-snapshots';
import { BotsRepository } from '@platform/persistence';
import { CandleTopUps } from '../candles/candle-top-ups';
import { CandleBook } from './candle-book';
import { candlesToKeep, fetchLastCandles } from './candle-history';
import { ExchangeClients } from './exchange-clients';
import { ExchangeStream } from './exchange-stream';
import { type FeedSource, FeedSources, type StreamCounters } from './feed-sources';
import { SnapshotWriter } from './snapshot-writer';

export interface FeedSettings {
  pollIntervalMs: number;
  candleRefreshMs: number;
  feedRefreshMs: number;
  leaseTtlMs: number;
  /** MARKET_STREAMS: stream what the exchange can stream, poll the rest and when a stream fails. */
  streams: boolean;
  /** A market whose stream sent no ticker for this long is polled (MARKET_STREAM_STALE_MS). */
  streamStaleMs: number;
}

/** Binance pushes klines every 2 s: a feed's candles are stale this much later than its ticker. */
const KLINE_PUSH_MS = 2000;

/** Figures of the streams and each held feed's source (GET /stats, health, the ping). */
export interface FeedsReport {
  streams: { enabled: boolean; connected: string[] } & StreamCounters;
  feeds: { feed: string; source: FeedSource }[];
}

export const FEED_SETTINGS = Symbol('FEED_SETTINGS');

interface HeldFeed {
  feed: FeedKey;
  lease: Lease;
  candlesFetchedAt: number;
  /** How many candles its snapshot holds: what the feed's running bots need (candle-history). */
  candles: number;
  /** Its candles between REST reads, moved on by the kline stream. */
  book: CandleBook;
  /** When its candles snapshot was last written (a streamed one is rewritten before it expires). */
  candlesWrittenAt: number;
}

/** A feed's lease: `feed:<exchange>:<symbol>:<timeframe>`. */
const feedLeases = new LeaseNames('feed');

/** Markets (precision, fees) change rarely; paper trading reads them from Redis. */
const MARKETS_REFRESH_MS = 5 * 60_000;

/**
 * Reads each market feed once for the whole cluster. The feeds are what running bots need
 * (Postgres); a feed is read only by the replica holding its lease, so replicas on several
 * notebooks never double-read and a dead replica's feeds move. Each exchange that ccxt can
 * stream is streamed (one connection set per exchange for the feeds held here: tickers and
 * klines, written and announced as they arrive); what is not streamed, or whose stream is down
 * or stale, is polled: tickers of one exchange in one batch request per poll, candles per feed,
 * less often. The switch back to the stream is automatic.
 */
@Injectable()
export class FeedsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FeedsService.name);
  private readonly held = new Map<string, HeldFeed>();
  private readonly keeper: LeaseKeeper;
  private readonly pausedUntil = new Map<string, number>();
  private timers: NodeJS.Timeout[] = [];
  private polling = false;
  private readonly refreshingCandles = new Set<string>();
  private readonly marketsWrittenAt = new Map<string, number>();
  private refreshing?: Promise<void>;
  private readonly streams = new Map<string, ExchangeStream>();
  /** Each exchange's current stream connection set (candle books trust only their own). */
  private readonly sessions = new Map<string, number>();
  readonly sources: FeedSources;
  private readonly writer: SnapshotWriter;
  /** When each market's ticker (`exchange:symbol`) was last written: the metrics' data age. */
  private readonly tickerWrittenAt = new Map<string, number>();

  constructor(
    private readonly bots: BotsRepository,
    private readonly leases: LeaseManager,
    private readonly clients: ExchangeClients,
    private readonly store: SnapshotStore,
    @Inject(FEED_SETTINGS) private readonly settings: FeedSettings,
    private readonly topUps: CandleTopUps,
  ) {
    this.sources = new FeedSources(
      {
        staleAfterMs: settings.streamStaleMs,
        candleStaleAfterMs: settings.streamStaleMs + KLINE_PUSH_MS,
      },
      (exchangeId) => this.streaming(exchangeId),
    );
    this.writer = new SnapshotWriter(
      store,
      () => this.snapshotTtlMs,
      (error) => this.logger.warn(`writing streamed snapshots failed: ${messageOf(error)}`),
    );
    this.keeper = new LeaseKeeper(
      leases,
      (resource, reason) => this.drop(feedLeases.idOf(resource), reason),
      {
        safetyMarginMs: defaultSafetyMarginMs(settings.leaseTtlMs),
      },
    );
  }

  heldFeeds(): string[] {
    return [...this.held.keys()].sort();
  }

  /** How old each held feed's ticker and candles are now, in seconds (metrics). */
  feedAges(
    now = Date.now(),
  ): { feed: FeedKey; tickerSeconds: number | null; candlesSeconds: number | null }[] {
    return [...this.held.values()].map(({ feed, candlesWrittenAt }) => {
      const tickerAt = this.tickerWrittenAt.get(`${feed.exchangeId}:${feed.symbol}`);
      return {
        feed,
        tickerSeconds: tickerAt === undefined ? null : (now - tickerAt) / 1000,
        candlesSeconds: candlesWrittenAt === 0 ? null : (now - candlesWrittenAt) / 1000,
      };
    });
  }

  /** Each held feed's source now, and the streams' figures. */
  report(): FeedsReport {
    this.sources.review([...this.held.values()].map((h) => h.feed)); // counts up to now
    return {
      streams: {
        enabled: this.settings.streams,
        connected: [...this.streams.values()].filter((s) => s.connected).map((s) => s.exchangeId),
        ...this.sources.counters,
      },
      feeds: [...this.held.values()]
        .map((h) => ({ feed: feedId(h.feed), source: this.sources.sourceOf(h.feed) }))
        .sort((a, b) => a.feed.localeCompare(b.feed)),
    };
  }

  onApplicationBootstrap(): void {
    this.keeper.start();
    void this.refresh();
    this.timers = [
      setInterval(() => void this.refresh(), this.settings.feedRefreshMs),
      setInterval(() => void this.poll(), this.settings.pollIntervalMs),
    ];
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.timers.forEach(clearInterval);
    this.keeper.stop();
    await Promise.all([...this.streams.values()].map((s) => s.stop()));
    this.streams.clear();
    await this.writer.drained();
    await this.topUps.drained();
    await Promise.all(
      [...this.held.values()].map((h) => this.leases.release(h.lease).catch(() => undefined)),
    );
    this.held.clear();
  }

  /** Takes the leases of feeds nobody polls; lets go of feeds no running bot needs. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshOnce().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    try {
      const feeds = await this.bots.listActiveFeeds();
      const wanted = new Map(feeds.map((feed) => [feedId(feed), feed]));
      for (const [id, held] of this.held) {
        const feed = wanted.get(id);
        if (feed) {
          this.resize(held, candlesToKeep(feed.strategies));
          continue;
        }
        this.held.delete(id);
        this.topUps.forget(held.feed);
        this.keeper.remove(held.lease.resource);
        await this.leases.release(held.lease).catch(() => undefined);
      }
      const notHeld = new Map(
        [...wanted]
          .filter(([id]) => !this.held.has(id))
          .map(([id, feed]) => [feedLeases.of(id), feed]),
      );
      for (const resource of await this.leases.unheld([...notHeld.keys()])) {
        const lease = await this.leases.tryAcquire(resource, this.settings.leaseTtlMs);
        const feed = notHeld.get(resource);
        if (!lease || !feed) continue;
        const { exchangeId, symbol, timeframe, strategies } = feed;
        const candles = candlesToKeep(strategies);
        this.held.set(feedId(feed), {
          feed: { exchangeId, symbol, timeframe },
          lease,
          candlesFetchedAt: 0,
          candles,
          book: new CandleBook(timeframe, candles),
          candlesWrittenAt: 0,
        });
        this.keeper.add(lease);
      }
    } catch (error) {
      this.logger.warn(`feed refresh failed: ${messageOf(error)}`);
    }
    this.followStreams();
  }

  /** A bot that needs a longer history than the snapshot holds gets it at the next poll. */
  private resize(held: HeldFeed, candles: number): void {
    if (candles > held.candles) held.candlesFetchedAt = 0;
    held.candles = candles;
    held.book.resize(candles);
  }

  private drop(id: string | undefined, reason: string): void {
    const held = id === undefined ? undefined : this.held.get(id);
    if (id && held && this.held.delete(id)) {
      this.topUps.forget(held.feed);
      this.logger.warn(`feed ${id} dropped: ${reason}`);
      this.followStreams();
    }
  }

  private streaming(exchangeId: string): boolean {
    return this.settings.streams && this.clients.canStream(exchangeId);
  }

  /** Each exchange streams the feeds held here (only the lease holder of a feed streams it). */
  private followStreams(): void {
    const byExchange = this.groupByExchange();
    for (const [exchangeId, stream] of this.streams) {
      if (!byExchange.has(exchangeId)) {
        this.streams.delete(exchangeId);
        void stream.stop();
      }
    }
    for (const [exchangeId, feeds] of byExchange) {
      if (!this.streaming(exchangeId)) continue;
      let stream = this.streams.get(exchangeId);
      if (!stream) {
        stream = this.openStream(exchangeId);
        this.streams.set(exchangeId, stream);
      }
      stream.follow(feeds.map((h) => h.feed));
    }
  }

  private openStream(exchangeId: string): ExchangeStream {
    return new ExchangeStream(
      exchangeId,
      () => this.clients.openStream(exchangeId),
      {
        opened: (session, reconnect) => {
          this.sessions.set(exchangeId, session);
          if (reconnect) this.sources.counters.reconnects += 1;
          this.logger.log(`streaming ${exchangeId}`);
        },
        tickers: (tickers) => this.onStreamedTickers(exchangeId, tickers),
        candles: (updates, session) => this.onStreamedCandles(exchangeId, updates, session),
        down: (reason) => {
          this.sessions.delete(exchangeId);
          this.sources.streamDown(exchangeId);
          this.logger.warn(`stream of ${exchangeId} down, polling it: ${reason}`);
        },
      },
      this.settings.streamStaleMs,
    );
  }

  private onStreamedTickers(exchangeId: string, tickers: Ticker[]): void {
    const fetchedAt = Date.now();
    for (const ticker of tickers) {
      this.sources.tickerStreamed(exchangeId, ticker.symbol);
      this.writer.ticker({ exchangeId, symbol: ticker.symbol, ticker, fetchedAt });
      this.tickerWrittenAt.set(`${exchangeId}:${ticker.symbol}`, fetchedAt);
    }
  }

  /** A kline push: every feed of the connection is alive; the changed ones are written. */
  private onStreamedCandles(exchangeId: string, updates: CandleUpdate[], session: number): void {
    for (const held of this.held.values())
      if (held.feed.exchangeId === exchangeId && held.lease.isValid())
        this.sources.candlesStreamed(held.feed);
    for (const { symbol, timeframe, candles } of updates) {
      const held = this.held.get(feedId({ exchangeId, symbol, timeframe }));
      if (!held?.lease.isValid()) continue;
      if (!held.book.apply(candles, session)) continue; // a REST read comes first
      this.writeBook(held);
    }
  }

  private writeBook(held: HeldFeed): void {
    held.candlesWrittenAt = Date.now();
    const candles = held.book.snapshot();
    this.writer.candlesOf({ ...held.feed, candles, fetchedAt: Date.now() });
    this.topUps.candles(held.feed, candles); // the closed ones into the candle store
  }

  private groupByExchange(): Map<string, HeldFeed[]> {
    const byExchange = new Map<string, HeldFeed[]>();
    for (const held of this.held.values()) {
      if (!held.lease.isValid()) continue;
      byExchange.set(held.feed.exchangeId, [...(byExchange.get(held.feed.exchangeId) ?? []), held]);
    }
    return byExchange;
  }

  /** One poll of every held feed the streams do not carry now, grouped by exchange. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const byExchange = this.groupByExchange();
      for (const stream of this.streams.values()) stream.checkSilence();
      this.sources.review([...byExchange.values()].flat().map((h) => h.feed));
      await Promise.all(
        [...byExchange].map(([exchangeId, feeds]) => this.pollExchange(exchangeId, feeds)),
      );
    } finally {
      this.polling = false;
    }
  }

  private async pollExchange(exchangeId: string, feeds: HeldFeed[]): Promise<void> {
    if ((this.pausedUntil.get(exchangeId) ?? 0) > Date.now()) return;
    // Candles refresh on their own, so a slow round of them never delays the next ticker poll.
    if (!this.refreshingCandles.has(exchangeId)) {
      this.refreshingCandles.add(exchangeId);
      void this.refreshCandles(exchangeId, feeds).finally(() =>
        this.refreshingCandles.delete(exchangeId),
      );
    }
    await this.guarded(exchangeId, async () => {
      await this.shareMarkets(exchangeId);
      const symbols = [
        ...new Set(
          feeds
            .map((f) => f.feed.symbol)
            .filter((symbol) => this.sources.tickerSource(exchangeId, symbol) === 'poll'),
        ),
      ];
      if (symbols.length === 0) return; // the stream carries them all: no ticker weight
      const tickers = await this.clients.get(exchangeId).fetchTickers(symbols); // one request for all
      const fetchedAt = Date.now();
      const polled = Object.values(tickers)
        // a streamed ticker that arrived meanwhile is newer than this answer
        .filter((ticker) => this.sources.tickerSource(exchangeId, ticker.symbol) === 'poll')
        .map((ticker) => ({ exchangeId, symbol: ticker.symbol, ticker, fetchedAt }));
      this.sources.counters.polledTickers += polled.length;
      await this.store.writeTickers(polled, this.snapshotTtlMs);
      for (const { symbol } of polled)
        this.tickerWrittenAt.set(`${exchangeId}:${symbol}`, fetchedAt);
    });
  }

  /** ccxt loads an exchange's markets once anyway; share them so bot-workers need not. */
  private async shareMarkets(exchangeId: string): Promise<void> {
    // rewritten every few minutes, and at once when the key is gone (a Redis restart)
    const fresh = Date.now() - (this.marketsWrittenAt.get(exchangeId) ?? 0) < MARKETS_REFRESH_MS;
    if (fresh && (await this.store.hasMarkets(exchangeId))) return;
    const markets = await this.clients.get(exchangeId).loadMarkets();
    await this.store.writeMarkets(
      { exchangeId, markets, fetchedAt: Date.now() },
      3 * MARKETS_REFRESH_MS,
    );
    this.marketsWrittenAt.set(exchangeId, Date.now());
  }

  /**
   * REST reads of candles: every CANDLE_REFRESH_MS for a polled feed; for a streamed one only
   * when its book asks (a new connection, a skipped candle, a longer history), its snapshot
   * rewritten from the book as often when no push changed it (so it never expires).
   */
  private async refreshCandles(exchangeId: string, feeds: HeldFeed[]): Promise<void> {
    for (const held of feeds) {
      const streamed = this.sources.candleSource(held.feed) === 'stream';
      if (streamed && !held.book.needsResync) {
        if (Date.now() - held.candlesWrittenAt >= this.settings.candleRefreshMs)
          this.writeBook(held);
        continue;
      }
      if (!streamed && Date.now() - held.candlesFetchedAt < this.settings.candleRefreshMs) continue;
      if ((this.pausedUntil.get(exchangeId) ?? 0) > Date.now()) return;
      await this.guarded(exchangeId, async () => {
        const session = this.sessions.get(exchangeId) ?? -1;
        const client = this.clients.get(exchangeId);
        const candles = await fetchLastCandles(client, held.feed, held.candles);
        held.candlesFetchedAt = Date.now();
        held.candlesWrittenAt = held.candlesFetchedAt;
        held.book.seed(candles, session);
        await this.store.writeCandles(
          { ...held.feed, candles, fetchedAt: held.candlesFetchedAt },
          this.snapshotTtlMs,
        );
        this.topUps.candles(held.feed, candles); // the closed ones into the candle store
      });
    }
  }

  private get snapshotTtlMs(): number {
    return Math.max(10 * this.settings.pollIntervalMs, 3 * this.settings.candleRefreshMs);
  }

  /** Runs one exchange call; a 429 or 418 pauses this exchange here (the budget pauses it everywhere). */
  private async guarded(exchangeId: string, call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (error instanceof RateLimitedError)
        this.pausedUntil.set(exchangeId, Date.now() + error.retryAfterMs);
      if (error instanceof BannedError) this.pausedUntil.set(exchangeId, error.until.getTime());
      this.logger.warn(`polling ${exchangeId} failed: ${messageOf(error)}`);
    }
  }
}
