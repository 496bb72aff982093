import type { OutgoingHttpHeaders } from 'node:http';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';
import {
  LIVE_CHANNEL_PATTERN,
  liveChannel,
  messageOf,
  type TickerEvent,
} from '@platform/contracts';
import {
  MARKET_SNAPSHOT_CHANNEL,
  type SnapshotUpdated,
  SnapshotStore,
} from '@platform/market-snapshots';
import { UserMarkets } from '@platform/persistence';
import { HttpDrain } from '@platform/service-kit';
import { createRedis, type RedisClient, subscribeWhenReady } from '@platform/redis';
import { ApiError } from '../http/api-error';
import type { GatewayResponse, Principal } from '../http/gateway-request';
import { SESSION_KEY_PREFIX } from '../redis/gateway-keys';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';
import { LIVE_SETTINGS, type LiveSettings } from './live-settings';
import { LiveStream, sseComment, sseFrame } from './live-stream';

const RELAYED_TYPES = new Set(['bot.status', 'order', 'trade', 'ticker', 'backtest.progress']);
const USER_PREFIX = liveChannel('');

/** A user's open streams on this gateway and the markets of their running bots. */
interface UserStreams {
  userId: string;
  streams: Set<LiveStream>;
  markets: Set<string>;
}

/** A bot status change is followed by its user's markets read again this much later. */
const REFRESH_DELAY_MS = 200;
/** Users whose markets are read in one query. */
const REFRESH_PAGE = 1000;

const marketKey = (exchangeId: string, symbol: string) => `${exchangeId}|${symbol}`;

/**
 * The gateway's side of live updates: ONE Redis subscriber per process, whatever the number
 * of clients. It relays each user's channel (published by bot-workers and by any gateway) to
 * that user's streams on this replica, and turns market snapshot updates into `ticker` events
 * for users whose running bots trade that market.
 */
@Injectable()
export class LiveHub implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('live');
  private readonly users = new Map<string, UserStreams>();
  private readonly watchers = new Map<string, Set<UserStreams>>();
  private subscriber?: RedisClient;
  private heartbeat?: NodeJS.Timeout;
  private beats = 0;
  /** Users whose markets are read again at the next refresh (one query for all of them). */
  private readonly toRefresh = new Set<UserStreams>();
  private refreshTimer?: NodeJS.Timeout;

  constructor(
    @Inject(LIVE_SETTINGS) private readonly settings: LiveSettings,
    @Inject(GATEWAY_REDIS) private readonly redis: RedisClient,
    private readonly snapshots: SnapshotStore,
    private readonly userMarkets: UserMarkets,
  ) {}

  onModuleInit(): void {
    // reconnects forever and subscribes again by itself
    const subscriber = createRedis(this.settings.redisUrl, 'subscriber');
    subscriber.on('pmessage', (_pattern: string, channel: string, message: string) =>
      this.relay(channel, message),
    );
    subscriber.on('message', (_channel: string, message: string) => void this.ticker(message));
    // in the background: the gateway serves without Redis, and its streams hear once it is up
    subscribeWhenReady(subscriber, {
      channels: [MARKET_SNAPSHOT_CHANNEL],
      patterns: [LIVE_CHANNEL_PATTERN],
    }).catch((error: unknown) =>
      this.logger.warn(`live updates not subscribed: ${messageOf(error)}`),
    );
    this.subscriber = subscriber;
    this.heartbeat = setInterval(() => void this.beat(), this.settings.heartbeatMs);
    this.heartbeat.unref();
    // a stopping gateway ends its streams first: they would hold its drain to the deadline
    HttpDrain.onDraining(() => this.closeAllStreams());
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.refreshTimer);
    this.closeAllStreams();
    this.subscriber?.disconnect();
  }

  /** Ends every stream: its client reconnects, to another gateway once this one drains. */
  closeAllStreams(): void {
    for (const user of [...this.users.values()])
      for (const stream of [...user.streams]) stream.close('the gateway is stopping');
  }

  /** Streams open on this gateway (all users, or one). */
  streamCount(userId?: string): number {
    if (userId) return this.users.get(userId)?.streams.size ?? 0;
    return [...this.users.values()].reduce((n, user) => n + user.streams.size, 0);
  }

  /** Takes the reply over from Fastify (hijack) and streams on its Node response. */
  async open(principal: Principal, reply: GatewayResponse): Promise<void> {
    const existing = this.users.get(principal.userId);
    if ((existing?.streams.size ?? 0) >= this.settings.maxStreamsPerUser)
      throw new ApiError(
        'too_many_streams',
        `at most ${this.settings.maxStreamsPerUser} live streams per user on one gateway: close one first`,
        undefined,
        { 'Retry-After': '5' },
      );
    const user = existing ?? { userId: principal.userId, streams: new Set(), markets: new Set() };
    reply.hijack();
    const stream = new LiveStream(principal, reply.raw, this.settings, (closed) =>
      this.forget(user, closed),
    );
    user.streams.add(stream);
    this.users.set(user.userId, user);
    stream.open(this.settings.retryMs, reply.getHeaders() as OutgoingHttpHeaders);
    if (!existing) await this.refreshMarkets([user]);
    stream.send('ready', JSON.stringify({ at: new Date().toISOString() }));
  }

  private forget(user: UserStreams, stream: LiveStream): void {
    user.streams.delete(stream);
    if (user.streams.size > 0 || this.users.get(user.userId) !== user) return;
    this.users.delete(user.userId);
    this.toRefresh.delete(user);
    this.watch(user, new Set());
  }

  private relay(channel: string, message: string): void {
    if (!channel.startsWith(USER_PREFIX)) return;
    const user = this.users.get(channel.slice(USER_PREFIX.length));
    if (!user) return;
    let event: { type?: unknown };
    try {
      event = JSON.parse(message) as { type?: unknown };
    } catch {
      return;
    }
    if (typeof event !== 'object' || event === null || !RELAYED_TYPES.has(event.type as string))
      return;
    // one line, whatever the publisher sent; the frame's bytes are made once for all streams
    const frame = sseFrame(event.type as string, JSON.stringify(event));
    // (a stream that closes while written to leaves the set: deleting the visited entry is safe)
    for (const stream of user.streams) stream.sendFrame(frame);
    // a bot started or stopped: the set of markets to send tickers for may have changed
    if (event.type === 'bot.status') this.scheduleRefresh(user);
  }

  private async ticker(message: string): Promise<void> {
    let update: SnapshotUpdated;
    try {
      update = JSON.parse(message) as SnapshotUpdated;
    } catch {
      return;
    }
    if (update?.kind !== 'ticker') return;
    const key = marketKey(update.exchangeId, update.symbol);
    const watching = this.watchers.get(key);
    if (!watching || watching.size === 0) return;
    const snapshot = await this.snapshots
      .readTicker(update.exchangeId, update.symbol)
      .catch(() => null);
    if (!snapshot) return;
    const event: TickerEvent = {
      type: 'ticker',
      exchangeId: snapshot.exchangeId,
      symbol: snapshot.symbol,
      last: snapshot.ticker.last,
      at: new Date(snapshot.fetchedAt).toISOString(),
    };
    const frame = sseFrame('ticker', JSON.stringify(event));
    const now = Date.now();
    for (const user of watching)
      for (const stream of user.streams) stream.sendTicker(key, frame, now);
  }

  /** Reads the user's markets again shortly, with every other user's changed meanwhile. */
  private scheduleRefresh(user: UserStreams): void {
    this.toRefresh.add(user);
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      const users = [...this.toRefresh];
      this.toRefresh.clear();
      void this.refreshMarkets(users);
    }, REFRESH_DELAY_MS);
    this.refreshTimer.unref();
  }

  private async refreshMarkets(users: readonly UserStreams[]): Promise<void> {
    for (let i = 0; i < users.length; i += REFRESH_PAGE) {
      const page = users.slice(i, i + REFRESH_PAGE);
      try {
        const markets = await this.userMarkets.ofUsers(page.map((user) => user.userId));
        for (const user of page) {
          if (this.users.get(user.userId) !== user) continue; // every stream closed meanwhile
          const own = markets.get(user.userId) ?? [];
          this.watch(user, new Set(own.map((m) => marketKey(m.exchangeId, m.symbol))));
        }
      } catch (error) {
        this.logger.warn(`markets of ${page.length} live users not loaded: ${messageOf(error)}`);
      }
    }
  }

  private watch(user: UserStreams, markets: Set<string>): void {
    for (const key of user.markets)
      if (!markets.has(key)) {
        this.watchers.get(key)?.delete(user);
        if (this.watchers.get(key)?.size === 0) this.watchers.delete(key);
      }
    for (const key of markets) {
      const set = this.watchers.get(key) ?? new Set();
      set.add(user);
      this.watchers.set(key, set);
    }
    user.markets = markets;
  }

  /**
   * Every heartbeat: a comment on each stream (proxies and browsers see the connection is
   * alive), and streams whose session ended (logout, password change) are closed. Every
   * fourth beat the users' markets are re-read, in case a bot.status event was lost.
   */
  private async beat(): Promise<void> {
    this.beats++;
    const streams = [...this.users.values()].flatMap((user) => [...user.streams]);
    const heartbeat = sseComment('heartbeat');
    for (const stream of streams) stream.sendFrame(heartbeat);
    const sessions = [...new Set(streams.map((s) => s.principal.sessionId))];
    if (sessions.length > 0) {
      const alive = await Promise.all(
        sessions.map((id) =>
          this.redis.exists(`${SESSION_KEY_PREFIX}${id}`).then(
            (n) => n > 0,
            () => true, // Redis away: keep streaming
          ),
        ),
      );
      const ended = new Set(sessions.filter((_, i) => !alive[i]));
      for (const stream of streams)
        if (ended.has(stream.principal.sessionId)) stream.close('the session ended');
    }
    if (this.beats % 4 === 0) void this.refreshMarkets([...this.users.values()]);
  }
}
