import { BinanceError } from './errors';
import { DEFAULT_ORDER_LIMITS, OrderCounter } from './order-counter';

// faqs/order_count_decrement.md, "Spot Unfilled Order Count Rules", with its examples.

const T0 = Date.UTC(2026, 0, 5, 12, 34, 0);

function counter(limits = DEFAULT_ORDER_LIMITS) {
  let now = T0;
  const c = new OrderCounter(limits, () => now);
  const tenSeconds = (key = 'a') => c.usage(key)[0].count;
  return { c, tenSeconds, at: (seconds: number) => (now = T0 + seconds * 1000) };
}

describe('OrderCounter', () => {
  it('Example 1 (taker): +1 per new order, -1 at its first fill only', () => {
    const { c, tenSeconds, at } = counter();
    at(1);
    c.record('a'); // LIMIT A
    at(2);
    c.record('a'); // LIMIT B
    expect(tenSeconds()).toBe(2);
    c.credit('a'); // B partially filled: first fill
    expect(tenSeconds()).toBe(1);
    at(3);
    c.record('a'); // LIMIT C
    expect(tenSeconds()).toBe(2);
    at(5);
    c.record('a'); // MARKET D, fully filled
    c.credit('a');
    expect(tenSeconds()).toBe(2);
  });

  it('"you do not get credit for order fills": never below zero; per account', () => {
    const { c, tenSeconds } = counter();
    c.credit('a');
    c.record('a');
    expect(tenSeconds()).toBe(1);
    expect(tenSeconds('b')).toBe(0);
  });

  it('100 per 10 s: the 101st is -1015 (429, Retry-After to the window end); the next window is empty', () => {
    const { c, tenSeconds, at } = counter();
    at(2);
    for (let i = 0; i < 100; i++) {
      c.admit('a');
      c.record('a');
    }
    let refused: unknown;
    try {
      c.admit('a');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(BinanceError);
    const error = refused as BinanceError;
    expect(error.body()).toEqual({
      code: -1015,
      msg: 'Too many new orders; current limit is 100 orders per 10 SECOND.',
    });
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'Retry-After': '8' });
    at(10); // 12:34:10, a new 10-second window
    expect(() => c.admit('a')).not.toThrow();
    expect(tenSeconds()).toBe(0);
    expect(c.usage('a')[1]).toEqual({
      rateLimitType: 'ORDERS',
      interval: 'DAY',
      intervalNum: 1,
      limit: 200_000,
      count: 100,
    });
  });

  it('headers X-MBX-ORDER-COUNT-(intervalNum)(intervalLetter)', () => {
    const { c } = counter();
    expect(c.record('a')).toEqual({ 'X-MBX-ORDER-COUNT-10S': '1', 'X-MBX-ORDER-COUNT-1D': '1' });
  });
});
