import { RateLimiter, retryAfterSeconds } from './rate-limiter';
import { requestWeight } from './weights';
import { Params } from './params';

function limiter(start = 1_000_000) {
  let now = start;
  const rl = new RateLimiter(
    { weightLimit: 10, windowMs: 60_000, rejectionsBeforeBan: 2, banBaseMs: 1000, banMaxMs: 3000 },
    () => now,
  );
  return { rl, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('admits up to the limit per IP and window, then 429 until the window ends', () => {
    const { rl, advance } = limiter(960_000); // window starts at 960,000
    expect(rl.admit('a', 6)).toEqual({ kind: 'ok', usedWeight: 6 });
    expect(rl.admit('b', 6).kind).toBe('ok');
    expect(rl.admit('a', 4)).toEqual({ kind: 'ok', usedWeight: 10 });
    advance(15_000);
    expect(rl.admit('a', 1)).toEqual({ kind: 'limited', usedWeight: 11, retryAfterMs: 45_000 });
    advance(45_000);
    expect(rl.admit('a', 1)).toEqual({ kind: 'ok', usedWeight: 1 });
  });

  it('bans an IP that keeps sending after its 429s, longer each time, capped', () => {
    const { rl, advance } = limiter(0);
    rl.admit('a', 10);
    expect(rl.admit('a', 1).kind).toBe('limited');
    expect(rl.admit('a', 1).kind).toBe('limited');
    const ban = rl.admit('a', 1);
    expect(ban).toMatchObject({ kind: 'banned', untilMs: 1000, retryAfterMs: 1000 });
    expect(rl.admit('a', 1)).toMatchObject({ kind: 'banned', retryAfterMs: 1000 });
    expect(rl.admit('b', 1).kind).toBe('ok');
    advance(60_000);
    const lengths: number[] = [];
    for (let round = 0; round < 3; round++) {
      rl.admit('a', 10);
      rl.admit('a', 1);
      rl.admit('a', 1);
      const next = rl.admit('a', 1);
      if (next.kind !== 'banned') throw new Error('expected a ban');
      lengths.push(next.retryAfterMs);
      advance(60_000);
    }
    expect(lengths).toEqual([2000, 3000, 3000]);
  });

  it('Retry-After is whole seconds, at least one', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});

describe('request weights (Binance docs)', () => {
  const w = (method: string, path: string, query = '') =>
    requestWeight(method, `/api/v3/${path}`, Params.parse(query));

  it('market data', () => {
    expect(w('GET', 'ticker/24hr', 'symbol=BTCUSDT')).toBe(2);
    expect(w('GET', 'ticker/24hr', 'symbols=["BTCUSDT","ETHUSDT"]')).toBe(2);
    expect(w('GET', 'ticker/24hr')).toBe(80);
    expect(w('GET', 'exchangeInfo')).toBe(20);
    expect(w('GET', 'klines', 'symbol=BTCUSDT&interval=1m')).toBe(2);
    expect(w('GET', 'depth', 'limit=100')).toBe(5);
    expect(w('GET', 'depth', 'limit=500')).toBe(25);
    expect(w('GET', 'depth', 'limit=1000')).toBe(50);
    expect(w('GET', 'depth', 'limit=5000')).toBe(250);
    expect(w('GET', 'time')).toBe(1);
    // "Symbol price ticker" / "Symbol order book ticker": symbol 2, symbols (any number) or none 4
    expect(w('GET', 'ticker/price', 'symbol=BTCUSDT')).toBe(2);
    expect(w('GET', 'ticker/price', 'symbols=["BTCUSDT"]')).toBe(4);
    expect(w('GET', 'ticker/bookTicker', 'symbols=["BTCUSDT","ETHUSDT"]')).toBe(4);
    expect(w('GET', 'ticker/bookTicker')).toBe(4);
  });

  it('account and orders', () => {
    expect(w('GET', 'account')).toBe(20);
    expect(w('POST', 'order')).toBe(1);
    expect(w('DELETE', 'order')).toBe(1);
    expect(w('GET', 'order')).toBe(4);
    expect(w('GET', 'openOrders', 'symbol=BTCUSDT')).toBe(6);
    expect(w('GET', 'openOrders')).toBe(80);
    expect(w('GET', 'myTrades', 'symbol=BTCUSDT')).toBe(20);
    expect(w('POST', 'order/test')).toBe(1);
    expect(w('POST', 'order/test', 'computeCommissionRates=true')).toBe(20);
    expect(w('GET', 'rateLimit/order')).toBe(40);
  });
});
