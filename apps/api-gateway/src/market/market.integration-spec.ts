import type { ApiClient } from '@platform/testing';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

// Validation and the no-market-data case; answers from the real market-data are in
// e2e/gateway-exchange.e2e-spec.ts.
describe('market data routes', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let token: string;

  beforeAll(async () => {
    bed = await startGatewayTestBed({ MARKET_DATA_TIMEOUT_MS: '300' });
    api = bed.api;
    token = await api.signIn('trader@example.com');
  });

  afterAll(() => bed?.close());

  it('401 without a session', async () => {
    expect((await api.get('/market/binance/ticker?symbol=BTC/USDT')).status).toBe(401);
    expect((await api.get('/market/binance/candles?symbol=BTC/USDT')).status).toBe(401);
  });

  it('400 naming the exchange, symbol, timeframe or unknown parameter at fault', async () => {
    const exchange = await api.get('/market/kraken/ticker?symbol=BTC/USDT', { token });
    expect(exchange.status).toBe(400);
    expect(exchange.body.errors).toEqual([
      { field: 'exchangeId', message: expect.stringContaining('binance') },
    ]);
    const symbol = await api.get('/market/binance/ticker?symbol=BTCUSDT&depth=5', { token });
    expect(symbol.body.errors).toEqual([
      { field: 'symbol', message: 'must be a unified symbol like BTC/USDT' },
      { field: 'depth', message: 'unknown field' },
    ]);
    const missing = await api.get('/market/binance/ticker', { token });
    expect(missing.body.errors).toEqual([
      { field: 'symbol', message: expect.stringContaining('expected string') },
    ]);
    const timeframe = await api.get('/market/binance/candles?symbol=BTC/USDT&timeframe=7m', {
      token,
    });
    expect(timeframe.body.errors).toEqual([
      { field: 'timeframe', message: expect.stringContaining('1m') },
    ]);
  });

  it('503 when no market-data answers', async () => {
    const answer = await api.get('/market/binance/ticker?symbol=btc/usdt', { token });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      code: 'service_unavailable',
      message: expect.stringContaining('market-data'),
    });
    expect(bed.gateway.logs.text).toMatch(
      /WARN .*market-data\.get-ticker failed \(service_unavailable\)/,
    );
  });
});
