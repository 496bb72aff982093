import type { CandleUpdate, MarketStream, Ticker } from '@platform/exchange';
import { ExchangeStream } from './exchange-stream';

/** A MarketStream whose pushes and failures the test decides. */
class FakeStream implements MarketStream {
  readonly exchangeId = 'binance';
  closed = false;
  private tickerWaiters: { resolve: (t: Ticker[]) => void; reject: (e: Error) => void }[] = [];

  nextTickers(): Promise<Ticker[]> {
    return new Promise((resolve, reject) => this.tickerWaiters.push({ resolve, reject }));
  }
  nextCandles(): Promise<CandleUpdate[]> {
    return new Promise(() => undefined); // no klines in these specs
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  push(last: string): void {
    const ticker = { symbol: 'BTC/USDT', last, bid: null, ask: null, timestamp: 1 };
    this.tickerWaiters.splice(0).forEach((w) => w.resolve([ticker]));
  }
  fail(): void {
    this.tickerWaiters.splice(0).forEach((w) => w.reject(new Error('connection closed')));
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const feed = (symbol: string) => ({ exchangeId: 'binance', symbol, timeframe: '1m' });

describe('ExchangeStream', () => {
  let opened: FakeStream[];
  let events: string[];
  let stream: ExchangeStream;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    opened = [];
    events = [];
    stream = new ExchangeStream(
      'binance',
      async () => {
        const fake = new FakeStream();
        opened.push(fake);
        return fake;
      },
      {
        opened: (session, reconnect) =>
          events.push(`opened ${session}${reconnect ? ' again' : ''}`),
        tickers: (tickers) => events.push(`ticker ${tickers.map((t) => t.last).join(',')}`),
        candles: () => undefined,
        down: (reason) => events.push(`down: ${reason}`),
      },
      3000,
    );
  });

  afterEach(async () => {
    await stream.stop();
    jest.useRealTimers();
  });

  it('opens once the feeds are known and hands each push on', async () => {
    stream.follow([feed('BTC/USDT')]);
    await jest.advanceTimersByTimeAsync(0);
    opened[0].push('1');
    await settle();
    opened[0].push('2');
    await settle();
    expect(events).toEqual(['opened 1', 'ticker 1', 'ticker 2']);
    expect(stream.connected).toBe(true);
  });

  it('a failure: down, then open again after a pause that grows, counted as a reconnect', async () => {
    stream.follow([feed('BTC/USDT')]);
    await jest.advanceTimersByTimeAsync(0);
    opened[0].fail();
    await settle();
    expect(events).toEqual(['opened 1', 'down: connection closed']);
    expect(opened[0].closed).toBe(true);
    await jest.advanceTimersByTimeAsync(499);
    expect(opened).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(events.at(-1)).toBe('opened 2 again');
    opened[1].fail();
    await settle();
    await jest.advanceTimersByTimeAsync(999); // the second pause is twice as long
    expect(opened).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(opened).toHaveLength(3);
  });

  it('a silent connection is replaced; a new set of feeds reconnects at once', async () => {
    stream.follow([feed('BTC/USDT')]);
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(3001);
    stream.checkSilence();
    expect(events.at(-1)).toMatch(/^down: no update for \d+ ms$/);
    await jest.advanceTimersByTimeAsync(500);
    expect(opened).toHaveLength(2);
    stream.follow([feed('BTC/USDT')]); // the same set: nothing to do
    await jest.advanceTimersByTimeAsync(0);
    expect(opened).toHaveLength(2);
    stream.follow([feed('BTC/USDT'), feed('ETH/USDT')]);
    await jest.advanceTimersByTimeAsync(0);
    expect(opened).toHaveLength(3);
    expect(opened[1].closed).toBe(true);
  });
});
