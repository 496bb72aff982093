import { ExchangeSimulator } from '@platform/exchange-sim';
import { NetworkError } from '../errors/exchange.errors';
import { CcxtExchangeClient } from './ccxt-exchange.client';
import { streamsSupported } from './ccxt-market-stream';

// Real ccxt pro `binance` streaming from the simulator's WebSocket side, at the REST client's
// origin and with its markets: no REST call of its own.
describe('CcxtMarketStream (binance) against the exchange simulator', () => {
  let sim: ExchangeSimulator;
  let client: CcxtExchangeClient;

  beforeAll(async () => {
    sim = await ExchangeSimulator.start({
      port: 0,
      seed: 5,
      clockSpeed: 0,
      streams: { tickerUpdateMs: 100, klineUpdateMs: 100 },
    });
    client = new CcxtExchangeClient({ exchangeId: 'binance', baseUrl: sim.url });
    await client.loadMarkets();
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('knows which exchanges ccxt streams', () => {
    expect(streamsSupported('binance')).toBe(true);
    expect(client.canStream).toBe(true);
    expect(streamsSupported('no-such-exchange')).toBe(false);
  });

  it('tickers with bid and ask, the same as REST; a set price arrives', async () => {
    const stream = client.openMarketStream();
    const restCalls = sim.counts().total;
    try {
      const first = await stream.nextTickers(['BTC/USDT', 'ETH/USDT']);
      const rest = await client.fetchTicker(first[0].symbol);
      expect(first[0]).toMatchObject({ last: rest.last, bid: rest.bid, ask: rest.ask });
      sim.setPrice('ETH/USDT', 3210.5);
      let eth = '';
      while (eth !== '3210.5') {
        const tickers = await stream.nextTickers(['BTC/USDT', 'ETH/USDT']);
        eth = tickers.find((t) => t.symbol === 'ETH/USDT')?.last ?? eth;
      }
      expect(sim.counts().total - restCalls).toBe(1); // only the fetchTicker above
    } finally {
      await stream.close();
    }
  });

  it('candles: the open one, and the final values of the one before once the next opens', async () => {
    const stream = client.openMarketStream();
    const feeds = [{ symbol: 'SOL/USDT', timeframe: '1m' }];
    try {
      const [first] = await stream.nextCandles(feeds);
      const open = first.candles.at(-1)!;
      sim.advanceTime(60_000);
      let latest = open;
      let updates = first.candles;
      while (latest[0] === open[0]) {
        const [changed] = await stream.nextCandles(feeds); // none when a push repeated values
        if (!changed) continue;
        updates = changed.candles;
        latest = updates.at(-1)!;
      }
      expect(latest[0]).toBe(open[0] + 60_000);
      const [closed] = await client.fetchCandles('SOL/USDT', '1m', 1, open[0]);
      expect(updates.at(-2)).toEqual(closed);
    } finally {
      await stream.close();
    }
  });

  it('a dropped connection rejects the waiting call as a NetworkError', async () => {
    const stream = client.openMarketStream();
    try {
      await stream.nextTickers(['BTC/USDT']);
      const waiting = stream.nextTickers(['BTC/USDT']).then(() => stream.nextTickers(['BTC/USDT']));
      sim.setStreams({ drop: true });
      await expect(waiting).rejects.toBeInstanceOf(NetworkError);
    } finally {
      await stream.close();
    }
  });
});
