import { CcxtExchangeClient } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { candlesToKeep, DEFAULT_CANDLES, fetchLastCandles } from './candle-history';

// Real ccxt against the local Binance simulator, which like Binance sends at most 1000
// candles per klines request. Its market clock stands still, so no candle opens mid-test.
describe('candle history', () => {
  let sim: ExchangeSimulator;
  let client: CcxtExchangeClient;
  const feed = { exchangeId: 'binance', symbol: 'BNB/USDT', timeframe: '1m' };
  const klines = () => sim.requests({ path: '/api/v3/klines' }).length;

  beforeAll(async () => {
    sim = await ExchangeSimulator.start({ port: 0, seed: 7, clockSpeed: 0 });
    client = new CcxtExchangeClient({ exchangeId: 'binance', baseUrl: sim.url });
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('keeps what the most demanding bot needs closed, plus the open candle, at least 100', () => {
    expect(candlesToKeep([])).toBe(DEFAULT_CANDLES);
    expect(candlesToKeep([{ strategy: 'grid', params: {} }])).toBe(100);
    const sma = (slowPeriod: number) => ({ strategy: 'sma-cross', params: { slowPeriod } });
    // sma-cross needs slowPeriod + 1 closed candles
    expect(candlesToKeep([sma(50), sma(150), sma(20)])).toBe(152);
    expect(candlesToKeep([{ strategy: 'rsi-reversion', params: { period: 999 } }])).toBe(1001);
    // params beyond the maximum are refused when saved; stored ones never ask for more
    expect(candlesToKeep([sma(5000)])).toBe(100);
  });

  it('reads more than one request carries a page at a time: 1001 candles in two requests', async () => {
    const before = klines();
    const candles = await fetchLastCandles(client, feed, 1001);
    expect(klines() - before).toBe(2);
    expect(candles).toHaveLength(1001);
    const times = candles.map(([time]) => time);
    expect(times.slice(1).every((time, i) => time - times[i] === 60_000)).toBe(true);
    const latest = await client.fetchCandles(feed.symbol, feed.timeframe, 1);
    expect(times.at(-1)).toBe(latest[0][0]); // up to the candle still open
  });

  it('one request when it carries them all', async () => {
    const before = klines();
    expect(await fetchLastCandles(client, feed, 151)).toHaveLength(151);
    expect(klines() - before).toBe(1);
  });
});
