import type { CandleUpdate, MarketStream, Ticker } from '@platform/exchange';
import { type FeedKey, feedId } from '@platform/market-snapshots';

export interface ExchangeStreamHandlers {
  /** A connection set is open; `session` numbers it (candle books trust only their own). */
  opened(session: number, reconnect: boolean): void;
  tickers(tickers: Ticker[], session: number): void;
  candles(updates: CandleUpdate[], session: number): void;
  /** The connection failed, or was closed for silence; polling takes over until it is back. */
  down(reason: string): void;
}

/** Waits between attempts: doubles from the first to the last after each failure. */
const RETRY_MS = { first: 500, max: 5000 };

/**
 * One exchange's streaming for the feeds this replica holds: a MarketStream (one connection set)
 * with a ticker loop and a candle loop. A failure, silence longer than `silentAfterMs` or a new
 * set of feeds closes it and opens another (after a growing pause when it failed).
 */
export class ExchangeStream {
  private feeds: FeedKey[] = [];
  private session = 0;
  private current?: MarketStream;
  private lastMessageAt = 0;
  private retryMs = RETRY_MS.first;
  private retryTimer?: NodeJS.Timeout;
  private failedBefore = false;
  private stopped = false;

  constructor(
    readonly exchangeId: string,
    private readonly open: () => Promise<MarketStream>,
    private readonly handlers: ExchangeStreamHandlers,
    private readonly silentAfterMs: number,
  ) {}

  get connected(): boolean {
    return this.current !== undefined;
  }

  /** Streams these feeds from now on (reconnects when the set changed). */
  follow(feeds: FeedKey[]): void {
    const ids = (list: FeedKey[]) => list.map(feedId).sort().join(',');
    if (ids(feeds) === ids(this.feeds)) return;
    this.feeds = feeds;
    this.restart(false);
  }

  /** Called now and then: a connection that went quiet is replaced. */
  checkSilence(now = Date.now()): void {
    if (this.current && now - this.lastMessageAt > this.silentAfterMs) {
      this.fail(`no update for ${now - this.lastMessageAt} ms`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.session += 1;
    const stream = this.current;
    this.current = undefined;
    await stream?.close();
  }

  private restart(afterFailure: boolean): void {
    clearTimeout(this.retryTimer);
    const session = ++this.session;
    const previous = this.current;
    this.current = undefined;
    void previous?.close();
    if (this.stopped || this.feeds.length === 0) return;
    const wait = afterFailure ? this.retryMs : 0;
    if (afterFailure) this.retryMs = Math.min(this.retryMs * 2, RETRY_MS.max);
    this.retryTimer = setTimeout(() => void this.run(session), wait);
  }

  private async run(session: number): Promise<void> {
    let stream: MarketStream;
    try {
      stream = await this.open();
    } catch (error) {
      if (session === this.session) this.fail(messageOf(error));
      return;
    }
    if (session !== this.session) {
      await stream.close();
      return;
    }
    this.current = stream;
    this.lastMessageAt = Date.now();
    this.handlers.opened(session, this.failedBefore);
    this.failedBefore = false;
    const symbols = [...new Set(this.feeds.map((f) => f.symbol))];
    const feeds = this.feeds.map(({ symbol, timeframe }) => ({ symbol, timeframe }));
    const loop = async <T>(next: () => Promise<T>, deliver: (value: T) => void) => {
      while (session === this.session) {
        const value = await next();
        if (session !== this.session) return;
        this.lastMessageAt = Date.now();
        this.retryMs = RETRY_MS.first; // it delivers: the next failure starts the pauses anew
        deliver(value);
      }
    };
    try {
      await Promise.all([
        loop(
          () => stream.nextTickers(symbols),
          (tickers) => this.handlers.tickers(tickers, session),
        ),
        loop(
          () => stream.nextCandles(feeds),
          (updates) => this.handlers.candles(updates, session),
        ),
      ]);
    } catch (error) {
      if (session === this.session) this.fail(messageOf(error));
    }
  }

  private fail(reason: string): void {
    this.failedBefore = true;
    this.handlers.down(reason);
    this.restart(true);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
