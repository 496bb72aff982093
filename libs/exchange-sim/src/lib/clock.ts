/**
 * Market time: drives prices, klines and tickers. It runs at `speed` times real time (0 freezes
 * it, for tests that set prices by hand) and can be moved forward or set. The server's own clock
 * for `serverTime` and the recvWindow check stays the wall clock (plus a configurable skew), as
 * a client's clock is compared with Binance's real time, not with a market replay.
 */
export class MarketClock {
  private baseReal: number;
  private baseMarket: number;
  private speedFactor: number;

  constructor(
    start: number,
    speed: number,
    private readonly realNow: () => number = Date.now,
  ) {
    if (!(speed >= 0)) throw new Error('clock speed must be >= 0');
    this.baseReal = realNow();
    this.baseMarket = start;
    this.speedFactor = speed;
  }

  now(): number {
    return Math.floor(this.baseMarket + (this.realNow() - this.baseReal) * this.speedFactor);
  }

  get speed(): number {
    return this.speedFactor;
  }

  setSpeed(speed: number): void {
    if (!(speed >= 0)) throw new Error('clock speed must be >= 0');
    this.rebase(this.now());
    this.speedFactor = speed;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('market time only moves forward');
    this.rebase(this.now() + ms);
  }

  set(timeMs: number): void {
    this.rebase(timeMs);
  }

  private rebase(market: number): void {
    this.baseReal = this.realNow();
    this.baseMarket = market;
  }
}
