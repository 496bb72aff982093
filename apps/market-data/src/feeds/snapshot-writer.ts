import type { CandlesSnapshot, TickerSnapshot } from '@platform/market-snapshots';

export interface SnapshotSink {
  writeTickers(snapshots: readonly TickerSnapshot[], ttlMs: number): Promise<void>;
  writeCandles(snapshot: CandlesSnapshot, ttlMs: number): Promise<void>;
}

/**
 * Writes pushed updates to the snapshots at once, without a timer: when no write is in flight
 * the update goes out now; updates arriving meanwhile wait for that write and go out together
 * in the next one, only the newest per market (or feed). A burst of pushes thus costs the bots
 * one announcement per market per round trip to Redis, and no change waits longer than that.
 */
export class SnapshotWriter {
  private readonly tickers = new Map<string, TickerSnapshot>();
  private readonly candles = new Map<string, CandlesSnapshot>();
  private flushing?: Promise<void>;

  constructor(
    private readonly sink: SnapshotSink,
    private readonly ttlMs: () => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  ticker(snapshot: TickerSnapshot): void {
    this.tickers.set(`${snapshot.exchangeId}|${snapshot.symbol}`, snapshot);
    this.kick();
  }

  candlesOf(snapshot: CandlesSnapshot): void {
    this.candles.set(`${snapshot.exchangeId}|${snapshot.symbol}|${snapshot.timeframe}`, snapshot);
    this.kick();
  }

  /** Resolves once everything offered so far is written (tests, shutdown). */
  async drained(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private kick(): void {
    this.flushing ??= this.flush().finally(() => {
      this.flushing = undefined;
      // offered between the last check and here
      if (this.tickers.size > 0 || this.candles.size > 0) this.kick();
    });
  }

  private async flush(): Promise<void> {
    while (this.tickers.size > 0 || this.candles.size > 0) {
      const tickers = [...this.tickers.values()];
      const candles = [...this.candles.values()];
      this.tickers.clear();
      this.candles.clear();
      try {
        await Promise.all([
          this.sink.writeTickers(tickers, this.ttlMs()),
          ...candles.map((c) => this.sink.writeCandles(c, this.ttlMs())),
        ]);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
