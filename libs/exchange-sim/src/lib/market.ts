import type { MarketClock } from './clock';
import { type Fixed, fromNumberToStep } from './fixed';
import { PricePath } from './price-path';
import type { SymbolConfig } from './symbols';

export interface MarketOptions {
  seed: number;
  epochMs: number;
  stepMs: number;
  /** Steps examined per range for highs and lows (see sampleSteps). */
  extremeSamples: number;
  /** Average quote value at a book level (default 2000; see depth.ts). */
  levelQuoteValue?: number;
}

interface Shift {
  fromMs: number;
  /** added to the log price from `fromMs` on */
  logShift: number;
}

export interface Quote {
  /** Last trade price: the path rounded to the tick. */
  last: Fixed;
  /** Best bid: the path rounded down to the tick; best ask one tick above. */
  bid: Fixed;
  ask: Fixed;
}

/**
 * Prices of every symbol at any market time: the seeded path times the manual shifts made by
 * the admin API (a shift applies from the moment it was made on, so earlier klines keep their
 * values).
 */
export class Market {
  readonly symbols: ReadonlyMap<string, SymbolConfig>;
  private readonly paths = new Map<string, PricePath>();
  private readonly shifts = new Map<string, Shift[]>();
  private readonly versions = new Map<string, number>();

  constructor(
    symbols: readonly SymbolConfig[],
    readonly clock: MarketClock,
    readonly options: MarketOptions,
  ) {
    this.symbols = new Map(symbols.map((s) => [s.id, s]));
    for (const s of symbols) {
      this.paths.set(
        s.id,
        new PricePath({
          seed: options.seed,
          key: s.id,
          startPrice: s.startPrice,
          driftPerYear: s.drift,
          volatilityPerYear: s.volatility,
          stepMs: options.stepMs,
          epochMs: options.epochMs,
        }),
      );
    }
  }

  symbol(id: string): SymbolConfig | undefined {
    return this.symbols.get(id);
  }

  now(): number {
    return this.clock.now();
  }

  /** The unrounded price at a market time. */
  rawPrice(symbolId: string, timeMs: number): number {
    return this.path(symbolId).priceAt(timeMs) * Math.exp(this.shiftAt(symbolId, timeMs));
  }

  /** Last trade price at a time, on the tick grid (never below one tick). */
  price(symbolId: string, timeMs: number = this.now()): Fixed {
    return this.onTick(symbolId, this.rawPrice(symbolId, timeMs));
  }

  /** A raw price on the tick grid (never below one tick); never reorders two prices. */
  private onTick(symbolId: string, raw: number): Fixed {
    const s = this.config(symbolId);
    const value = fromNumberToStep(raw, s.tickSize);
    return value > 0n ? value : s.tickSize;
  }

  quote(symbolId: string, timeMs: number = this.now()): Quote {
    const s = this.config(symbolId);
    const raw = this.rawPrice(symbolId, timeMs);
    // a set price lands on the tick up to float noise: count it as on the tick, not below
    const ticks = BigInt(Math.max(1, Math.floor((raw * 1e8) / Number(s.tickSize) + 1e-6)));
    const bid = ticks * s.tickSize;
    return { last: this.price(symbolId, timeMs), bid, ask: bid + s.tickSize };
  }

  /**
   * High and low of the last price over [fromMs, toMs] (see sampleSteps). Compared unrounded:
   * rounding to the tick never reorders prices, so the rounded extremes are the same as
   * rounding every sample first (one conversion instead of one per sample: a year of 1m klines
   * is 31.5 million samples).
   */
  extremes(symbolId: string, fromMs: number, toMs: number): { high: Fixed; low: Fixed } {
    const path = this.path(symbolId);
    const first = path.stepAt(fromMs);
    const count = path.stepAt(toMs) - first + 1;
    const samples = this.options.extremeSamples;
    let high = this.rawPrice(symbolId, fromMs);
    let low = high;
    // the steps of sampleSteps, without its array: all of them when few, else evenly spaced
    const every = count <= samples + 2;
    const total = every ? count : samples + 2;
    for (let i = 0; i < total; i++) {
      const step = every
        ? first + i
        : i === total - 1
          ? first + count - 1
          : first + Math.round((i * (count - 1)) / (samples + 1));
      const at = Math.max(fromMs, Math.min(toMs, path.stepStart(step)));
      const p = this.rawPrice(symbolId, at);
      if (p > high) high = p;
      if (p < low) low = p;
    }
    const last = this.rawPrice(symbolId, toMs);
    return {
      high: this.onTick(symbolId, last > high ? last : high),
      low: this.onTick(symbolId, last < low ? last : low),
    };
  }

  /** Index of the price step at a time: changes whenever the book may have changed. */
  stepAt(symbolId: string, timeMs: number): number {
    return this.path(symbolId).stepAt(timeMs);
  }

  /** Market time at which a step begins. */
  stepStart(symbolId: string, step: number): number {
    return this.path(symbolId).stepStart(step);
  }

  /** Grows with every setPrice: a frozen market's price can change within one step. */
  priceVersion(symbolId: string): number {
    return this.versions.get(symbolId) ?? 0;
  }

  /** From now on the last price is `price` (then moves on along the shifted path). */
  setPrice(symbolId: string, price: number): void {
    if (!(price > 0)) throw new Error('price must be positive');
    const now = this.now();
    const current = this.rawPrice(symbolId, now);
    const list = this.shifts.get(symbolId) ?? [];
    // a later shift replaces any made at the same instant (frozen clocks set prices repeatedly)
    const kept = list.filter((shift) => shift.fromMs < now);
    const before = kept.reduce((sum, shift) => sum + shift.logShift, 0);
    const withoutShiftsAtNow = current / Math.exp(this.shiftAt(symbolId, now) - before);
    kept.push({ fromMs: now, logShift: Math.log(price) - Math.log(withoutShiftsAtNow) });
    this.shifts.set(symbolId, kept);
    this.versions.set(symbolId, this.priceVersion(symbolId) + 1);
  }

  resetShifts(): void {
    this.shifts.clear();
    this.versions.clear();
  }

  private shiftAt(symbolId: string, timeMs: number): number {
    let total = 0;
    for (const shift of this.shifts.get(symbolId) ?? []) {
      if (shift.fromMs <= timeMs) total += shift.logShift;
    }
    return total;
  }

  private path(symbolId: string): PricePath {
    const path = this.paths.get(symbolId);
    if (!path) throw new Error(`unknown symbol ${symbolId}`);
    return path;
  }

  private config(symbolId: string): SymbolConfig {
    const s = this.symbols.get(symbolId);
    if (!s) throw new Error(`unknown symbol ${symbolId}`);
    return s;
  }
}
