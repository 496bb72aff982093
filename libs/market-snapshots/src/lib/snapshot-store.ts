import { closeRedis, createRedis, type RedisClient } from '@platform/redis';
import type { CandlesSnapshot, MarketsSnapshot, SnapshotUpdated, TickerSnapshot } from './snapshot';
import { MARKET_SNAPSHOT_CHANNEL } from './snapshot';

const tickerKey = (exchangeId: string, symbol: string) => `md:ticker:${exchangeId}:${symbol}`;
const marketsKey = (exchangeId: string) => `md:markets:${exchangeId}`;
const candlesKey = (exchangeId: string, symbol: string, timeframe: string) =>
  `md:candles:${exchangeId}:${symbol}:${timeframe}`;

const tickerUpdated = (snapshot: TickerSnapshot): SnapshotUpdated => ({
  kind: 'ticker',
  exchangeId: snapshot.exchangeId,
  symbol: snapshot.symbol,
  fetchedAt: snapshot.fetchedAt,
});

/**
 * Market snapshots in Redis, shared by the whole cluster: market-data writes each feed once,
 * every reader (bot-workers, the gateway) reads it. Keys expire, so a feed nobody polls any
 * more disappears instead of going silently stale.
 */
export class SnapshotStore {
  private readonly redis: RedisClient;

  constructor(redisUrl: string) {
    this.redis = createRedis(redisUrl, 'command');
  }

  async writeTicker(snapshot: TickerSnapshot, ttlMs: number): Promise<void> {
    await this.write(
      tickerKey(snapshot.exchangeId, snapshot.symbol),
      snapshot,
      ttlMs,
      tickerUpdated(snapshot),
    );
  }

  /** Many markets' tickers in one round trip (one MULTI), each announced. */
  async writeTickers(snapshots: readonly TickerSnapshot[], ttlMs: number): Promise<void> {
    if (snapshots.length === 0) return;
    const multi = this.redis.multi();
    for (const snapshot of snapshots) {
      multi
        .set(tickerKey(snapshot.exchangeId, snapshot.symbol), JSON.stringify(snapshot), 'PX', ttlMs)
        .publish(MARKET_SNAPSHOT_CHANNEL, JSON.stringify(tickerUpdated(snapshot)));
    }
    await multi.exec();
  }

  async writeCandles(snapshot: CandlesSnapshot, ttlMs: number): Promise<void> {
    await this.write(
      candlesKey(snapshot.exchangeId, snapshot.symbol, snapshot.timeframe),
      snapshot,
      ttlMs,
      {
        kind: 'candles',
        exchangeId: snapshot.exchangeId,
        symbol: snapshot.symbol,
        timeframe: snapshot.timeframe,
        fetchedAt: snapshot.fetchedAt,
      },
    );
  }

  /** Markets (precision, minimums, fees) change rarely: written now and then, not announced. */
  async writeMarkets(snapshot: MarketsSnapshot, ttlMs: number): Promise<void> {
    await this.redis.set(marketsKey(snapshot.exchangeId), JSON.stringify(snapshot), 'PX', ttlMs);
  }

  async hasMarkets(exchangeId: string): Promise<boolean> {
    return (await this.redis.exists(marketsKey(exchangeId))) === 1;
  }

  async readMarkets(exchangeId: string): Promise<MarketsSnapshot | null> {
    return this.read<MarketsSnapshot>(marketsKey(exchangeId));
  }

  async readTicker(exchangeId: string, symbol: string): Promise<TickerSnapshot | null> {
    return this.read<TickerSnapshot>(tickerKey(exchangeId, symbol));
  }

  /** Many markets' tickers in one round trip (MGET), in the order asked; null where none. */
  async readTickers(
    markets: readonly { exchangeId: string; symbol: string }[],
  ): Promise<(TickerSnapshot | null)[]> {
    if (markets.length === 0) return [];
    const raws = await this.redis.mget(markets.map((m) => tickerKey(m.exchangeId, m.symbol)));
    return raws.map((raw) => (raw === null ? null : (JSON.parse(raw) as TickerSnapshot)));
  }

  async readCandles(
    exchangeId: string,
    symbol: string,
    timeframe: string,
  ): Promise<CandlesSnapshot | null> {
    return this.read<CandlesSnapshot>(candlesKey(exchangeId, symbol, timeframe));
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  private async write(
    key: string,
    value: unknown,
    ttlMs: number,
    event: SnapshotUpdated,
  ): Promise<void> {
    await this.redis
      .multi()
      .set(key, JSON.stringify(value), 'PX', ttlMs)
      .publish(MARKET_SNAPSHOT_CHANNEL, JSON.stringify(event))
      .exec();
  }

  private async read<T>(key: string): Promise<T | null> {
    const raw = await this.redis.get(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  }
}
