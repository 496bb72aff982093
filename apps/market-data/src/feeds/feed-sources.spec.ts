import { FeedSources } from './feed-sources';

describe('FeedSources', () => {
  const feed = { exchangeId: 'binance', symbol: 'BTC/USDT', timeframe: '1m' };
  let now = 0;
  const sources = (streaming = true) =>
    new FeedSources(
      { staleAfterMs: 3000, candleStaleAfterMs: 5000 },
      () => streaming,
      () => now,
    );

  beforeEach(() => (now = 1_000_000));

  it('a feed is streamed while both its ticker and its candles arrive, else polled', () => {
    const s = sources();
    expect(s.sourceOf(feed)).toBe('poll');
    s.tickerStreamed('binance', 'BTC/USDT');
    expect(s.tickerSource('binance', 'BTC/USDT')).toBe('stream');
    expect(s.sourceOf(feed)).toBe('poll');
    s.candlesStreamed(feed);
    expect(s.sourceOf(feed)).toBe('stream');
    now += 3001;
    expect(s.tickerSource('binance', 'BTC/USDT')).toBe('poll');
    expect(s.candleSource(feed)).toBe('stream');
    expect(s.sourceOf(feed)).toBe('poll');
  });

  it('counts fallbacks and recoveries, not a first start on the stream', () => {
    const s = sources();
    s.review([feed]);
    s.tickerStreamed('binance', 'BTC/USDT');
    s.candlesStreamed(feed);
    s.review([feed]);
    expect(s.counters).toMatchObject({ fallbacks: 0, recoveries: 0 });
    s.streamDown('binance');
    s.review([feed]);
    expect(s.counters).toMatchObject({ fallbacks: 1, recoveries: 0 });
    s.tickerStreamed('binance', 'BTC/USDT');
    s.candlesStreamed(feed);
    s.review([feed]);
    expect(s.counters).toMatchObject({ fallbacks: 1, recoveries: 1 });
  });

  it('an exchange that cannot stream (or MARKET_STREAMS=off) is always polled', () => {
    const s = sources(false);
    s.tickerStreamed('binance', 'BTC/USDT');
    s.candlesStreamed(feed);
    expect(s.sourceOf(feed)).toBe('poll');
  });
});
