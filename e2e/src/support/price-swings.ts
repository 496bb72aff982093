import type { ExchangeSimulator } from '@platform/exchange-sim';

/**
 * Moves each market between `center * (1 - amplitude)` and `center * (1 + amplitude)` every
 * `periodMs` on a frozen-clock simulator, so grid bots keep filling and re-placing orders and
 * DCA bots reach their take profit: lots of trading in a short run, the same in every run.
 */
export class PriceSwings {
  private timer?: NodeJS.Timeout;
  private up = false;
  swings = 0;

  constructor(
    private readonly sim: ExchangeSimulator,
    private readonly centers: Record<string, number>,
    private readonly amplitude: number,
  ) {}

  start(periodMs: number): void {
    this.swing();
    this.timer = setInterval(() => this.swing(), periodMs);
  }

  /** Stops moving: prices stay where the last swing left them, so no resting order fills later. */
  stop(): void {
    clearInterval(this.timer);
  }

  private swing(): void {
    this.up = !this.up;
    this.swings++;
    const factor = this.up ? 1 + this.amplitude : 1 - this.amplitude;
    for (const [symbol, center] of Object.entries(this.centers))
      this.sim.setPrice(symbol, center * factor);
  }
}
