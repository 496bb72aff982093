import { klines } from './candles';
import { MarketClock } from './clock';
import { format } from './fixed';
import { Market } from './market';
import { DEFAULT_SYMBOLS, resolveSymbol } from './symbols';
import { ticker24hr } from './tickers';

const EPOCH = Date.UTC(2026, 0, 1);

function market(speed = 0, start = EPOCH + 5 * 86_400_000) {
  let real = 0;
  const clock = new MarketClock(start, speed, () => real);
  const m = new Market(DEFAULT_SYMBOLS.map(resolveSymbol), clock, {
    seed: 9,
    epochMs: EPOCH,
    stepMs: 1000,
    extremeSamples: 64,
  });
  return { m, clock, passReal: (ms: number) => (real += ms) };
}

describe('Market', () => {
  it('prices depend on seed and time only', () => {
    const a = market().m;
    const b = market().m;
    expect(format(a.price('BTCUSDT'))).toBe(format(b.price('BTCUSDT')));
    expect(format(a.price('BTCUSDT', EPOCH))).toBe('60000.00000000');
  });

  it('setPrice: exact now, the past untouched, the path continues from there', () => {
    const { m, clock } = market();
    const before = m.price('ETHUSDT', clock.now() - 60_000);
    m.setPrice('ETHUSDT', 2500);
    expect(format(m.price('ETHUSDT'))).toBe('2500.00000000');
    expect(m.quote('ETHUSDT')).toEqual({
      last: 250000000000n,
      bid: 250000000000n,
      ask: 250001000000n,
    });
    expect(m.price('ETHUSDT', clock.now() - 60_000)).toBe(before);
    clock.advance(3_600_000);
    const later = Number(m.price('ETHUSDT')) / 1e8;
    expect(later).not.toBe(2500);
    expect(Math.abs(Math.log(later / 2500))).toBeLessThan(0.1);
  });

  it('klines agree with the ticker: the current candle closes at the last price', () => {
    const { m, clock } = market(1);
    const rows = klines(m, 'BTCUSDT', { interval: '1m', limit: 30 });
    expect(rows).toHaveLength(30);
    rows.slice(1).forEach((row, i) => expect(row[0] - rows[i][0]).toBe(60_000));
    expect(rows[29][0]).toBeLessThanOrEqual(clock.now());
    for (const [, open, high, low, close] of rows) {
      expect(Number(high)).toBeGreaterThanOrEqual(Math.max(Number(open), Number(close)));
      expect(Number(low)).toBeLessThanOrEqual(Math.min(Number(open), Number(close)));
    }
    const ticker = ticker24hr(m, 'BTCUSDT');
    expect(ticker.lastPrice).toBe(rows[29][4]);
    // a closed candle's close is the next one's open (the path is continuous)
    expect(rows[10][4]).toBe(format(m.price('BTCUSDT', rows[10][6])));
  });

  it('klines by startTime and endTime never include candles that have not opened', () => {
    const { m, clock } = market();
    const now = clock.now();
    const fromStart = klines(m, 'ETHUSDT', {
      interval: '1h',
      startTime: now - 5 * 3_600_000 + 1,
      limit: 100,
    });
    expect(fromStart.length).toBeGreaterThanOrEqual(4);
    expect(fromStart.every((row) => row[0] >= now - 5 * 3_600_000 + 1 && row[0] <= now)).toBe(true);
    const untilEnd = klines(m, 'ETHUSDT', {
      interval: '1h',
      endTime: now - 10 * 3_600_000,
      limit: 3,
    });
    expect(untilEnd).toHaveLength(3);
    expect(untilEnd[2][0]).toBeLessThanOrEqual(now - 10 * 3_600_000);
  });

  it('the market clock can run faster than real time, or be frozen and moved by hand', () => {
    const fast = market(60);
    const t0 = fast.clock.now();
    fast.passReal(1000);
    expect(fast.clock.now() - t0).toBe(60_000);
    const frozen = market(0);
    const f0 = frozen.clock.now();
    frozen.passReal(1000);
    expect(frozen.clock.now()).toBe(f0);
    frozen.clock.advance(5000);
    expect(frozen.clock.now()).toBe(f0 + 5000);
  });
});
