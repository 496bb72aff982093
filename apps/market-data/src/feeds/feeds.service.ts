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
import { BannedError, RateLimitedError } from '@platform/exchange';
import { type FeedKey, feedId, SnapshotStore } from '@platform/market-snapshots';
import { BotsRepository } from '@platform/persistence';
import { candlesToKeep, fetchLastCandles } from './candle-history';
import { ExchangeClients } from './exchange-clients';

export interface FeedSettings {
  pollIntervalMs: number;
  candleRefreshMs: number;
  feedRefreshMs: number;
  leaseTtlMs: number;
}

export const FEED_SETTINGS = Symbol('FEED_SETTINGS');

interface HeldFeed {
  feed: FeedKey;
  lease: Lease;
  candlesFetchedAt: number;
  /** How many candles its snapshot holds: what the feed's running bots need (candle-history). */
  candles: number;
}

/** A feed's lease: `feed:<exchange>:<symbol>:<timeframe>`. */
const feedLeases = new LeaseNames('feed');

/** Markets (precision, fees) change rarely; paper trading reads them from Redis. */
const MARKETS_REFRESH_MS = 5 * 60_000;

/**
 * Polls each market feed once for the whole cluster. The feeds are what running bots need
 * (Postgres); a feed is polled only by the replica holding its lease, so replicas on several
 * notebooks never double-poll and a dead replica's feeds move. Tickers of one exchange are read
 * in one batch request per poll; candles per feed, less often.
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

  constructor(
    private readonly bots: BotsRepository,
    private readonly leases: LeaseManager,
    private readonly clients: ExchangeClients,
    private readonly store: SnapshotStore,
    @Inject(FEED_SETTINGS) private readonly settings: FeedSettings,
  ) {
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
        this.held.set(feedId(feed), {
          feed: { exchangeId, symbol, timeframe },
          lease,
          candlesFetchedAt: 0,
          candles: candlesToKeep(strategies),
        });
        this.keeper.add(lease);
      }
    } catch (error) {
      this.logger.warn(`feed refresh failed: ${messageOf(error)}`);
    }
  }

  /** A bot that needs a longer history than the snapshot holds gets it at the next poll. */
  private resize(held: HeldFeed, candles: number): void {
    if (candles > held.candles) held.candlesFetchedAt = 0;
    held.candles = candles;
  }

  private drop(id: string | undefined, reason: string): void {
    if (id && this.held.delete(id)) this.logger.warn(`feed ${id} dropped: ${reason}`);
  }

  /** One poll of every held feed, grouped by exchange. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const byExchange = new Map<string, HeldFeed[]>();
      for (const held of this.held.values()) {
        if (!held.lease.isValid()) continue;
        byExchange.set(held.feed.exchangeId, [
          ...(byExchange.get(held.feed.exchangeId) ?? []),
          held,
        ]);
      }
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
      const symbols = [...new Set(feeds.map((f) => f.feed.symbol))];
      const tickers = await this.clients.get(exchangeId).fetchTickers(symbols); // one request for all
      const fetchedAt = Date.now();
      await Promise.all(
        Object.values(tickers).map((ticker) =>
          this.store.writeTicker(
            { exchangeId, symbol: ticker.symbol, ticker, fetchedAt },
            this.snapshotTtlMs,
          ),
        ),
      );
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

  private async refreshCandles(exchangeId: string, feeds: HeldFeed[]): Promise<void> {
    for (const held of feeds) {
      if (Date.now() - held.candlesFetchedAt < this.settings.candleRefreshMs) continue;
      if ((this.pausedUntil.get(exchangeId) ?? 0) > Date.now()) return;
      await this.guarded(exchangeId, async () => {
        const client = this.clients.get(exchangeId);
        const candles = await fetchLastCandles(client, held.feed, held.candles);
        held.candlesFetchedAt = Date.now();
        await this.store.writeCandles(
          { ...held.feed, candles, fetchedAt: held.candlesFetchedAt },
          this.snapshotTtlMs,
        );
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
