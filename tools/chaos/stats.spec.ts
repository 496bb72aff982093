import { percentile, summarizeSeconds } from './stats';

describe('percentile (nearest rank)', () => {
  const values = [5, 1, 4, 2, 3]; // unsorted on purpose

  it('picks the value at rank ceil(p/100 * n)', () => {
    expect(percentile(values, 50)).toBe(3);
    expect(percentile(values, 99)).toBe(5);
    expect(percentile(values, 100)).toBe(5);
    expect(percentile(values, 20)).toBe(1);
    expect(percentile(values, 21)).toBe(2);
    expect(percentile(values, 0)).toBe(1);
  });

  it('on 100 values, p99 is the 99th smallest', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 50)).toBe(50);
  });

  it('is null without values', () => {
    expect(percentile([], 50)).toBeNull();
  });
});

describe('summarizeSeconds', () => {
  it('reports p50, p99 and max of millisecond samples in seconds', () => {
    expect(summarizeSeconds([1500.4, 250, 3000])).toEqual({ p50: 1.5, p99: 3, max: 3 });
    expect(summarizeSeconds([])).toEqual({ p50: null, p99: null, max: null });
  });
});
