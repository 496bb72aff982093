import type { Candle } from '@platform/exchange';
import { timeframeMs } from '@platform/market-snapshots';

/**
 * One feed's candles between two REST reads: seeded by a REST read, then moved on by the kline
 * stream. Within one stream connection the candle before the open one carries the last values
 * the exchange pushed for it, its final ones once the next candle opened (Binance sends the
 * closing `x: true` event first). A new connection is taken on when its first update carries
 * the book's last candle (nothing closed unseen in between). Whatever the book cannot vouch
 * for asks for a REST read: a candle skipped, or a candle that closed between two connections.
 */
export class CandleBook {
  private candles: Candle[] = [];
  private session = -1;
  /** The last candle came from the stream as the open one (not known final). */
  private lastIsStreamedOpen = false;
  private resync = true;

  constructor(
    readonly timeframe: string,
    private size: number,
  ) {}

  /** A REST read (the last `size` candles, the open one last) during stream connection `session`. */
  seed(candles: Candle[], session: number): void {
    this.candles = candles.slice(-this.size);
    this.session = session;
    this.lastIsStreamedOpen = false;
    this.resync = false;
  }

  /** A bot needs more history than the book holds: read again. */
  resize(size: number): void {
    if (size > this.size) this.resync = true;
    this.size = size;
  }

  /** The stream connection changed: updates from it are trusted only after a REST read. */
  get needsResync(): boolean {
    return this.resync;
  }

  /** Applies pushed candles (oldest first); false when the book needs a REST read instead. */
  apply(update: Candle[], session: number): boolean {
    if (this.candles.length === 0) {
      this.resync = true;
      return false;
    }
    if (session !== this.session) {
      const last = this.candles[this.candles.length - 1][0];
      if (!update.some(([open]) => open === last)) {
        this.resync = true;
        return false;
      }
      this.session = session;
    }
    const spanMs = timeframeMs(this.timeframe);
    for (const candle of update) {
      const last = this.candles[this.candles.length - 1];
      if (candle[0] === last[0]) {
        this.candles[this.candles.length - 1] = candle;
        this.lastIsStreamedOpen = true;
      } else if (candle[0] > last[0]) {
        // months are 28 to 31 days (timeframeMs says 30): more than 1.5 spans is a skipped candle
        if (candle[0] - last[0] > 1.5 * spanMs) {
          this.resync = true;
          return false;
        }
        this.candles.push(candle);
        this.candles = this.candles.slice(-this.size);
        this.lastIsStreamedOpen = true;
      } else {
        const index = this.candles.findIndex(([open]) => open === candle[0]);
        if (index >= 0) this.candles[index] = candle; // the final values of a closed one
      }
    }
    return true;
  }

  /**
   * What the snapshot may show at `now`: the closed candles and the open one; never a candle
   * whose time is over while only its not-yet-final streamed values are known (readers count
   * every candle that opened more than a span ago as closed).
   */
  snapshot(now = Date.now()): Candle[] {
    const last = this.candles[this.candles.length - 1];
    if (last && this.lastIsStreamedOpen && last[0] + timeframeMs(this.timeframe) <= now) {
      return this.candles.slice(0, -1);
    }
    return [...this.candles];
  }
}
