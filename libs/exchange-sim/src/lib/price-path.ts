import { hashInts, hashString, normal, normal3 } from './random';

export interface PathSpec {
  seed: number;
  /** Usually the symbol id: two symbols with the same seed still move independently. */
  key: string;
  /** Price at `epochMs`. */
  startPrice: number;
  /** Expected log return per year (0: no trend). */
  driftPerYear: number;
  /** Annualized volatility of log returns (0.6 = 60 %). */
  volatilityPerYear: number;
  /** The price changes once per step and is constant within it. */
  stepMs: number;
  epochMs: number;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
const LEVELS = 40;
const SPAN = 2 ** LEVELS; // steps covered by the tree: 2^40 one-second steps are ~35,000 years
const ORIGIN = SPAN / 2; // epoch sits in the middle, so times before it work too
const ROOT_KEY = 0xffffffff;

/**
 * A geometric random walk with drift, built as a Brownian bridge over a binary tree of steps
 * (each midpoint drawn from a hash of its position): the walk at any step is computed in 40
 * hashes, so a price is a pure function of (seed, key, time) and klines, tickers and fills
 * computed at different moments agree with each other.
 */
export class PricePath {
  private readonly keyHash: number;
  private readonly stepSigma: number;
  private readonly stepDrift: number;
  private readonly logStart: number;
  private readonly originValue: number;
  /** the intervals of the last descent, root at depth 0 (a cache; see bridge) */
  private readonly descent = {
    depth: 0,
    lo: new Float64Array(LEVELS + 1),
    hi: new Float64Array(LEVELS + 1),
    wLo: new Float64Array(LEVELS + 1),
    wHi: new Float64Array(LEVELS + 1),
  };

  constructor(readonly spec: PathSpec) {
    if (!(spec.startPrice > 0)) throw new Error(`startPrice must be positive for ${spec.key}`);
    if (!(spec.stepMs > 0)) throw new Error('stepMs must be positive');
    this.keyHash = hashInts(spec.seed, hashString(spec.key));
    const stepYears = spec.stepMs / YEAR_MS;
    const sigma = spec.volatilityPerYear;
    this.stepSigma = sigma * Math.sqrt(stepYears);
    // Itô correction: the median follows the drift, the mean does not explode with volatility.
    this.stepDrift = (spec.driftPerYear - (sigma * sigma) / 2) * stepYears;
    this.logStart = Math.log(spec.startPrice);
    this.descent.hi[0] = SPAN;
    this.descent.wHi[0] = Math.sqrt(SPAN) * normal(this.keyHash, ROOT_KEY, ROOT_KEY);
    this.originValue = this.bridge(ORIGIN);
  }

  /** Index of the step holding `timeMs` (0 at the epoch, negative before it). */
  stepAt(timeMs: number): number {
    const step = Math.floor((timeMs - this.spec.epochMs) / this.spec.stepMs);
    return Math.max(-ORIGIN, Math.min(ORIGIN, step));
  }

  /** First millisecond of a step. */
  stepStart(step: number): number {
    return this.spec.epochMs + step * this.spec.stepMs;
  }

  priceAtStep(step: number): number {
    const walk = this.bridge(step + ORIGIN) - this.originValue;
    return Math.exp(this.logStart + this.stepDrift * step + this.stepSigma * walk);
  }

  priceAt(timeMs: number): number {
    return this.priceAtStep(this.stepAt(timeMs));
  }

  /**
   * Standard Brownian motion (variance 1 per step) at integer position `k` of the tree: descend
   * from the root, drawing each midpoint between its two known ends.
   */
  private bridge(k: number): number {
    // Resume from the deepest interval of the previous descent that still holds k: nearby
    // lookups (a kline range, a matching pass) share almost all their ancestors.
    const d = this.descent;
    let depth = d.depth;
    while (depth > 0 && !(d.lo[depth] <= k && k <= d.hi[depth])) depth--;
    let lo = d.lo[depth];
    let hi = d.hi[depth];
    let wLo = d.wLo[depth];
    let wHi = d.wHi[depth];
    while (true) {
      d.depth = depth;
      if (k === lo) return wLo;
      if (k === hi) return wHi;
      const mid = (lo + hi) / 2;
      // midpoint of a bridge over n steps: mean of the ends, variance n / 4
      const wMid =
        (wLo + wHi) / 2 +
        Math.sqrt((hi - lo) / 4) * normal3(this.keyHash, Math.floor(mid / 4294967296), mid >>> 0);
      if (k < mid) {
        hi = mid;
        wHi = wMid;
      } else {
        lo = mid;
        wLo = wMid;
      }
      depth++;
      d.lo[depth] = lo;
      d.hi[depth] = hi;
      d.wLo[depth] = wLo;
      d.wHi[depth] = wHi;
    }
  }
}

/**
 * Steps to look at for the high and low of a range: every step when there are few, else the
 * ends and `samples` evenly spaced ones (an approximation for long candles, see README).
 */
export function sampleSteps(firstStep: number, lastStep: number, samples: number): number[] {
  const count = lastStep - firstStep + 1;
  if (count <= 0) return [];
  if (count <= samples + 2) return Array.from({ length: count }, (_, i) => firstStep + i);
  const steps = [firstStep];
  for (let i = 1; i <= samples; i++) {
    steps.push(firstStep + Math.round((i * (count - 1)) / (samples + 1)));
  }
  steps.push(lastStep);
  return steps;
}
