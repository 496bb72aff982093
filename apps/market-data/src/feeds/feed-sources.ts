import { type FeedKey, feedId } from '@platform/market-snapshots';

export type FeedSource = 'stream' | 'poll';

/** What market-data counts of its streams (GET /stats, health details, the ping). */
export interface StreamCounters {
  /** Stream connection sets opened again after one failed or went silent. */
  reconnects: number;
  /** Feeds that went from the stream to REST polling (stream down or stale). */
  fallbacks: number;
  /** Feeds back on the stream after a fallback. */
  recoveries: number;
  /** Ticker and candle updates received from the streams. */
  streamedTickers: number;
  streamedCandles: number;
  /** Tickers read by REST polling (each batch request counts its tickers). */
  polledTickers: number;
}

const marketKey = (exchangeId: string, symbol: string) => `${exchangeId}|${symbol}`;

/**
 * Where each feed's data comes from now: the stream while it delivers (a ticker within
 * `staleAfterMs`, a candle within `candleStaleAfterMs`), else REST polling. Feeds of exchanges
 * that cannot stream, or with MARKET_STREAMS=off, are always polled. `review` counts the
 * switches.
 */
export class FeedSources {
  readonly counters: StreamCounters = {
    reconnects: 0,
    fallbacks: 0,
    recoveries: 0,
    streamedTickers: 0,
    streamedCandles: 0,
    polledTickers: 0,
  };
  private readonly tickerAt = new Map<string, number>();
  private readonly candlesAt = new Map<string, number>();
  private readonly reported = new Map<string, FeedSource>();

  constructor(
    private readonly settings: { staleAfterMs: number; candleStaleAfterMs: number },
    private readonly streaming: (exchangeId: string) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  tickerStreamed(exchangeId: string, symbol: string): void {
    this.tickerAt.set(marketKey(exchangeId, symbol), this.now());
    this.counters.streamedTickers += 1;
  }

  candlesStreamed(feed: FeedKey): void {
    this.candlesAt.set(feedId(feed), this.now());
    this.counters.streamedCandles += 1;
  }

  /** The stream went down: nothing it sent before counts as fresh any more. */
  streamDown(exchangeId: string): void {
    for (const key of [...this.tickerAt.keys()])
      if (key.startsWith(`${exchangeId}|`)) this.tickerAt.delete(key);
    for (const key of [...this.candlesAt.keys()])
      if (key.startsWith(`${exchangeId}:`)) this.candlesAt.delete(key);
  }

  tickerSource(exchangeId: string, symbol: string): FeedSource {
    if (!this.streaming(exchangeId)) return 'poll';
    const at = this.tickerAt.get(marketKey(exchangeId, symbol));
    return at !== undefined && this.now() - at <= this.settings.staleAfterMs ? 'stream' : 'poll';
  }

  candleSource(feed: FeedKey): FeedSource {
    if (!this.streaming(feed.exchangeId)) return 'poll';
    const at = this.candlesAt.get(feedId(feed));
    return at !== undefined && this.now() - at <= this.settings.candleStaleAfterMs
      ? 'stream'
      : 'poll';
  }

  /** A feed is streamed when both its ticker and its candles are. */
  sourceOf(feed: FeedKey): FeedSource {
    return this.tickerSource(feed.exchangeId, feed.symbol) === 'stream' &&
      this.candleSource(feed) === 'stream'
      ? 'stream'
      : 'poll';
  }

  /** Counts each held feed's switch since the last review (a first start on the stream is none). */
  review(feeds: FeedKey[]): void {
    const held = new Set<string>();
    for (const feed of feeds) {
      const id = feedId(feed);
      held.add(id);
      const source = this.sourceOf(feed);
      const before = this.reported.get(id);
      if (before === 'stream' && source === 'poll') this.counters.fallbacks += 1;
      if (before === 'poll' && source === 'stream') this.counters.recoveries += 1;
      // a feed that never streamed is not "back" when it first does
      if (before !== undefined || source === 'stream') this.reported.set(id, source);
    }
    for (const id of [...this.reported.keys()]) if (!held.has(id)) this.reported.delete(id);
  }
}
