import { type PathSpec, PricePath, sampleSteps } from './price-path';

const spec: PathSpec = {
  seed: 42,
  key: 'BTCUSDT',
  startPrice: 60000,
  driftPerYear: 0,
  volatilityPerYear: 0.6,
  stepMs: 1000,
  epochMs: Date.UTC(2026, 0, 1),
};

const times = [-86_400_000, -1000, 0, 999, 1000, 60_000, 3_600_000, 30 * 86_400_000].map(
  (t) => spec.epochMs + t,
);

describe('PricePath', () => {
  it('same seed and key: the same prices, whatever the order of evaluation', () => {
    const a = new PricePath(spec);
    const b = new PricePath(spec);
    const forward = times.map((t) => a.priceAt(t));
    const backward = [...times]
      .reverse()
      .map((t) => b.priceAt(t))
      .reverse();
    expect(backward).toEqual(forward);
  });

  it('another seed or another symbol: another path', () => {
    const base = new PricePath(spec).priceAt(spec.epochMs + 3_600_000);
    expect(new PricePath({ ...spec, seed: 43 }).priceAt(spec.epochMs + 3_600_000)).not.toBe(base);
    expect(new PricePath({ ...spec, key: 'ETHUSDT' }).priceAt(spec.epochMs + 3_600_000)).not.toBe(
      base,
    );
  });

  it('starts at the configured price and is constant within a step', () => {
    const path = new PricePath(spec);
    expect(path.priceAt(spec.epochMs)).toBeCloseTo(60000, 6);
    expect(path.priceAt(spec.epochMs + 1000)).toBe(path.priceAt(spec.epochMs + 1999));
    expect(path.priceAt(spec.epochMs + 999)).toBe(path.priceAt(spec.epochMs));
  });

  it('moves like the configured volatility (per-step log returns)', () => {
    const path = new PricePath(spec);
    const returns: number[] = [];
    for (let step = 0; step < 5000; step++) {
      returns.push(Math.log(path.priceAtStep(step + 1) / path.priceAtStep(step)));
    }
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / returns.length);
    const expected = 0.6 * Math.sqrt(1000 / (365 * 24 * 3600 * 1000));
    expect(sd / expected).toBeGreaterThan(0.9);
    expect(sd / expected).toBeLessThan(1.1);
  });

  it('zero volatility and a drift: a smooth exponential', () => {
    const path = new PricePath({ ...spec, volatilityPerYear: 0, driftPerYear: 0.1 });
    expect(path.priceAt(spec.epochMs + 365 * 24 * 3600 * 1000)).toBeCloseTo(
      60000 * Math.exp(0.1),
      4,
    );
  });
});

describe('sampleSteps', () => {
  it('every step of a short range', () => {
    expect(sampleSteps(10, 14, 64)).toEqual([10, 11, 12, 13, 14]);
  });

  it('the ends and evenly spaced samples of a long range', () => {
    const steps = sampleSteps(0, 3599, 8);
    expect(steps).toHaveLength(10);
    expect(steps[0]).toBe(0);
    expect(steps[9]).toBe(3599);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });
});

describe('normal3', () => {
  it('draws exactly what normal draws for the same three keys', async () => {
    const { normal, normal3 } = await import('./random');
    for (let i = 0; i < 2000; i++) {
      const a = (i * 2654435761) >>> 0;
      const b = i % 7;
      const c = (i * 40503) >>> 0;
      expect(normal3(a, b, c)).toBe(normal(a, b, c));
    }
  });
});
