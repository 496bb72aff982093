/**
 * Counter-based randomness: every random number is a pure function of its key (seed, symbol,
 * position), so a price at any time can be computed without replaying the path before it.
 */

/** 32-bit avalanche (murmur3's finalizer). */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a few 32-bit integers (non-integers and larger values are reduced first). */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = fmix(Math.imul(h ^ (value >>> 0), 0x27d4eb2d) + 0x165667b1);
  }
  return h;
}

/** FNV-1a of a string, for symbol names in keys. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Uniform in (0, 1), never exactly 0 or 1 (safe for log). */
export function uniform(...key: number[]): number {
  return (hashInts(...key) + 0.5) / 4294967296;
}

/** Standard normal (Box-Muller over two hashed uniforms). */
export function normal(...key: number[]): number {
  const u1 = uniform(...key, 0x51ed270b);
  const u2 = uniform(...key, 0x2d4ea6b1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * normal(a, b, c) without the rest-parameter arrays: the price path draws one per tree level,
 * millions for a year of klines. The same arithmetic, so the same numbers (random.spec).
 */
export function normal3(a: number, b: number, c: number): number {
  let h = 0x9e3779b9;
  h = fmix(Math.imul(h ^ (a >>> 0), 0x27d4eb2d) + 0x165667b1);
  h = fmix(Math.imul(h ^ (b >>> 0), 0x27d4eb2d) + 0x165667b1);
  h = fmix(Math.imul(h ^ (c >>> 0), 0x27d4eb2d) + 0x165667b1);
  const h1 = fmix(Math.imul(h ^ 0x51ed270b, 0x27d4eb2d) + 0x165667b1);
  const h2 = fmix(Math.imul(h ^ 0x2d4ea6b1, 0x27d4eb2d) + 0x165667b1);
  const u1 = (h1 + 0.5) / 4294967296;
  const u2 = (h2 + 0.5) / 4294967296;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Numbers in [0, 1), one per call. */
export type Random = () => number;

/**
 * A sequential seeded generator (mulberry32) for things drawn in order, like fault rolls; also
 * the chaos harness's (tools/chaos), so one --seed repeats its choice of faults and targets.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
