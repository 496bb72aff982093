import { Faults } from './faults';

describe('Faults', () => {
  it('applies to matching requests only, counts down and disappears', () => {
    const faults = new Faults(1);
    faults.add({ kind: 'drop', method: 'post', path: '/api/v3/order', count: 2 });
    expect(faults.plan('GET', '/api/v3/order').terminal).toBeUndefined();
    expect(faults.plan('POST', '/api/v3/order/test').terminal).toBeUndefined();
    expect(faults.plan('POST', '/api/v3/order').terminal?.kind).toBe('drop');
    expect(faults.plan('POST', '/api/v3/order').terminal?.kind).toBe('drop');
    expect(faults.plan('POST', '/api/v3/order').terminal).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('adds up latencies and picks the first terminal fault; prefixes end in *', () => {
    const faults = new Faults(1);
    faults.add({ kind: 'latency', latencyMs: 50 });
    faults.add({ kind: 'force429', path: '/api/v3/ticker*', count: 1 });
    faults.add({ kind: 'http5xx' });
    faults.add({ kind: 'latency', latencyMs: 20, path: '/api/v3/ticker/24hr' });
    const plan = faults.plan('GET', '/api/v3/ticker/24hr');
    expect(plan.latencyMs).toBe(70);
    expect(plan.terminal?.kind).toBe('force429');
    expect(faults.plan('GET', '/api/v3/ticker/24hr').terminal?.kind).toBe('http5xx');
  });

  it('rates are seeded: the same seed hits the same requests', () => {
    const hits = (seed: number) => {
      const faults = new Faults(seed);
      faults.add({ kind: 'http5xx', rate: 0.3 });
      return Array.from(
        { length: 50 },
        () => faults.plan('GET', '/api/v3/time').terminal !== undefined,
      );
    };
    expect(hits(4)).toEqual(hits(4));
    const count = hits(4).filter(Boolean).length;
    expect(count).toBeGreaterThan(5);
    expect(count).toBeLessThan(25);
  });

  it('refuses nonsense', () => {
    const faults = new Faults(1);
    expect(() => faults.add({ kind: 'latency' })).toThrow('latencyMs');
    expect(() => faults.add({ kind: 'http5xx', status: 404 })).toThrow('5xx');
    expect(() => faults.add({ kind: 'drop', count: 0 })).toThrow('count');
    expect(() => faults.add({ kind: 'drop', rate: 2 })).toThrow('rate');
  });
});
