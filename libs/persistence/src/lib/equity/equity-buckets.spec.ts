import { equityBucketSeconds } from './equity-buckets';

const HOUR = 3600_000;
const at = (ms: number) => new Date(ms);

/** How many epoch-aligned buckets of `width` seconds the closed range [from, to] touches. */
const bucketsTouched = (from: number, to: number, width: number) =>
  Math.floor(to / 1000 / width) - Math.floor(from / 1000 / width) + 1;

describe('equityBucketSeconds', () => {
  it('is never narrower than the minute between snapshots', () => {
    expect(equityBucketSeconds(at(0), at(HOUR), 500)).toBe(60);
    expect(equityBucketSeconds(at(0), at(0), 2)).toBe(60);
  });

  it('widens with the span: a week in 169 points is one per hour', () => {
    expect(equityBucketSeconds(at(0), at(7 * 24 * HOUR), 169)).toBe(3600);
  });

  it('keeps any range, at any offset from the epoch, within maxPoints buckets', () => {
    for (const maxPoints of [2, 3, 7, 100, 1000])
      for (const spanMs of [59_999, 3 * HOUR + 17, 90 * 24 * HOUR - 1])
        for (const fromMs of [0, 1, 1_800_000_123, 1_790_000_000_000 + 59_999]) {
          const width = equityBucketSeconds(at(fromMs), at(fromMs + spanMs), maxPoints);
          expect(bucketsTouched(fromMs, fromMs + spanMs, width)).toBeLessThanOrEqual(maxPoints);
        }
  });

  it('refuses a reversed range, one over 400 days and a point count out of bounds', () => {
    expect(() => equityBucketSeconds(at(HOUR), at(0), 10)).toThrow(RangeError);
    expect(equityBucketSeconds(at(0), at(400 * 24 * HOUR), 5000)).toBeGreaterThan(60);
    expect(() => equityBucketSeconds(at(0), at(400 * 24 * HOUR + 1), 10)).toThrow(RangeError);
    expect(() => equityBucketSeconds(at(0), at(HOUR), 1)).toThrow(RangeError);
    expect(() => equityBucketSeconds(at(0), at(HOUR), 2.5)).toThrow(RangeError);
    expect(() => equityBucketSeconds(at(0), at(HOUR), 5001)).toThrow(RangeError);
  });
});
