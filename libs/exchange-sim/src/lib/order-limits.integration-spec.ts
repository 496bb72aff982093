import { ExchangeSimulator } from '../index';
import { call, signed } from './http-test-client';

// The ORDERS limits over HTTP (rest-api.md "Unfilled Order Count" and "Query Unfilled Order
// Count"; errors.md -1015), with limits made small for the test.

describe('exchange-sim ORDERS limits', () => {
  let sim: ExchangeSimulator;

  beforeAll(async () => {
    sim = await ExchangeSimulator.start({
      port: 0,
      seed: 8,
      clockSpeed: 0,
      orderLimits: [
        { interval: 'SECOND', intervalNum: 10, limit: 3 },
        { interval: 'DAY', intervalNum: 1, limit: 200_000 },
      ],
    });
    sim.setPrice('BTCUSDT', 60000);
  });

  afterAll(() => sim.stop());

  it('exchangeInfo advertises them', async () => {
    const info = (await call(`${sim.url}/api/v3/exchangeInfo?symbol=BTCUSDT`)).body as {
      rateLimits: { rateLimitType: string }[];
    };
    expect(info.rateLimits.filter((l) => l.rateLimitType === 'ORDERS')).toEqual([
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 3 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200_000 },
    ]);
  });

  it('order answers carry X-MBX-ORDER-COUNT-10S/-1D; over the limit: 429 -1015 with Retry-After', async () => {
    const key = sim.createApiKey({ balances: { USDT: '10000' } });
    // resting orders: no fill gives the count back (a fill would, once per order)
    const place = () =>
      signed(sim.url, key, 'POST', '/api/v3/order', {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.001',
        price: '50000',
      });
    // stay inside one 10-second window
    const intoWindow = Date.now() % 10_000;
    if (intoWindow > 7000) await new Promise((r) => setTimeout(r, 10_100 - intoWindow));
    const counts: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await place();
      expect(answer.status).toBe(200);
      counts.push(answer.headers.get('x-mbx-order-count-10s'));
      expect(answer.headers.get('x-mbx-order-count-1d')).toBe(String(i + 1));
    }
    expect(counts).toEqual(['1', '2', '3']);
    const refused = await place();
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      code: -1015,
      msg: 'Too many new orders; current limit is 3 orders per 10 SECOND.',
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const usage = await signed(sim.url, key, 'GET', '/api/v3/rateLimit/order', {});
    expect(usage.body).toEqual([
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 3, count: 3 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200_000, count: 3 },
    ]);
    expect(sim.requests({ path: '/api/v3/rateLimit/order' }).at(-1)?.weight).toBe(40);
    // another account has its own count
    const other = sim.createApiKey({ balances: { USDT: '10000' } });
    const theirs = await signed(sim.url, other, 'POST', '/api/v3/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
    });
    expect(theirs.headers.get('x-mbx-order-count-10s')).toBe('1');
  });
});
