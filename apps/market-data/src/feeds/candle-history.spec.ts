import type { Candle, ExchangeClient } from '@platform/exchange';
import { fetchLastCandles } from './candle-history';

/** Candles of one minute each up to a fixed time, at most `perRequest` per call. */
function fakeClient(exchangeId: string, perRequest: number) {
  const requests: number[] = [];
  const end = 1_700_000_000_000;
  const client = {
    exchangeId,
    fetchCandles: async (_s: string, _tf: string, limit: number, since?: number) => {
      requests.push(limit);
      const count = Math.min(limit, perRequest);
      const last = since === undefined ? end : since + (count - 1) * 60_000;
      return Array.from(
        { length: count },
        (_, i): Candle => [last - (count - 1 - i) * 60_000, '1', '1', '1', '1', '1'],
      );
    },
  } as unknown as ExchangeClient;
  return { client, requests };
}

describe('fetchLastCandles pages as the exchange descriptor says', () => {
  const feed = { symbol: 'BTC/USDT', timeframe: '1m' };

  it('binance: 1000 candles per request', async () => {
    const { client, requests } = fakeClient('binance', 1000);
    expect(await fetchLastCandles(client, { exchangeId: 'binance', ...feed }, 1200)).toHaveLength(
      1200,
    );
    expect(requests).toEqual([1000, 200]);
  });

  it('an exchange nobody described: the cautious 500 per request', async () => {
    const { client, requests } = fakeClient('kraken', 500);
    const candles = await fetchLastCandles(client, { exchangeId: 'kraken', ...feed }, 700);
    expect(candles).toHaveLength(700);
    expect(requests).toEqual([500, 200]);
  });
});
