import { type ApiCredentials, ExchangeSimulator } from '../index';
import { call, signed, signedRaw } from './http-test-client';

// Binance's parameter rules over HTTP, each against the text binance-spot-api-docs gives:
// errors.md (-1104, -1101, -1127, -1128, -2010 "Iceberg orders are not supported for this
// symbol.", -2011), rest-api.md "General Information on Endpoints" (query string wins over the
// body), "Timing security" and "General API Information" (microsecond timestamps,
// X-MBX-TIME-UNIT), "New order" (newOrderRespType defaults), "Test new order"
// (computeCommissionRates), "24hr ticker" (type=MINI, weights), "Account trade list".

const now = () => String(Date.now());

describe('exchange-sim strict parameters', () => {
  let sim: ExchangeSimulator;
  let key: ApiCredentials;

  beforeAll(async () => {
    sim = await ExchangeSimulator.start({ port: 0, seed: 5, clockSpeed: 0 });
    key = sim.createApiKey({ balances: { USDT: '100000', BTC: '1' } });
    sim.setPrice('BTCUSDT', 60000);
  });

  afterAll(() => sim.stop());

  it('-1104: a parameter the endpoint does not read, with the read and sent counts', async () => {
    expect(await call(`${sim.url}/api/v3/ticker/price?symbol=BTCUSDT&foo=1`)).toMatchObject({
      status: 400,
      body: {
        code: -1104,
        msg: "Not all sent parameters were read; read '1' parameter(s) but was sent '2'.",
      },
    });
    const answer = await signed(sim.url, key, 'GET', '/api/v3/account', { colour: 'red' });
    expect(answer.body).toEqual({
      code: -1104,
      msg: "Not all sent parameters were read; read '2' parameter(s) but was sent '3'.",
    });
  });

  it('-1101: the same parameter twice', async () => {
    expect(await call(`${sim.url}/api/v3/depth?symbol=BTCUSDT&limit=5&limit=10`)).toMatchObject({
      status: 400,
      body: { code: -1101, msg: 'Duplicate values for a parameter detected.' },
    });
  });

  it('icebergQty: -2010 "Iceberg orders are not supported for this symbol." (icebergAllowed false)', async () => {
    const info = (await call(`${sim.url}/api/v3/exchangeInfo?symbol=BTCUSDT`)).body as {
      symbols: { icebergAllowed: boolean }[];
    };
    expect(info.symbols[0].icebergAllowed).toBe(false);
    const answer = await signed(sim.url, key, 'POST', '/api/v3/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '50000',
      icebergQty: '0.001',
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { code: -2010, msg: 'Iceberg orders are not supported for this symbol.' },
    });
  });

  it('a parameter in both the query string and the body: the query string is used', async () => {
    const answer = await signedRaw(sim.url, key, 'POST', '/api/v3/order', {
      query: `symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&timestamp=${now()}`,
      body: 'quantity=0.002&newOrderRespType=RESULT',
    });
    expect(answer.body).toMatchObject({ status: 'FILLED', executedQty: '0.00100000' });
  });

  it('LIMIT_MAKER answers ACK unless asked otherwise; MARKET and LIMIT answer FULL', async () => {
    const maker = await signed(sim.url, key, 'POST', '/api/v3/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT_MAKER',
      quantity: '0.001',
      price: '50000',
    });
    expect(Object.keys(maker.body as object).sort()).toEqual(
      ['clientOrderId', 'orderId', 'orderListId', 'symbol', 'transactTime'].sort(),
    );
    const limit = await signed(sim.url, key, 'POST', '/api/v3/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: '50000',
    });
    expect(limit.body).toHaveProperty('fills', []);
  });

  it('DELETE /api/v3/openOrders with nothing open: -2011 "Unknown order sent."', async () => {
    await signed(sim.url, key, 'DELETE', '/api/v3/openOrders', { symbol: 'BTCUSDT' });
    expect(
      await signed(sim.url, key, 'DELETE', '/api/v3/openOrders', { symbol: 'BTCUSDT' }),
    ).toMatchObject({ status: 400, body: { code: -2011, msg: 'Unknown order sent.' } });
  });

  it('allOrders and myTrades: more than 24 hours between startTime and endTime is -1127', async () => {
    const start = Date.now() - 2 * 86_400_000;
    for (const path of ['/api/v3/allOrders', '/api/v3/myTrades']) {
      const answer = await signed(sim.url, key, 'GET', path, {
        symbol: 'BTCUSDT',
        startTime: String(start),
        endTime: String(start + 86_400_001),
      });
      expect(answer.body).toEqual({
        code: -1127,
        msg: 'More than 24 hours between startTime and endTime.',
      });
      const day = await signed(sim.url, key, 'GET', path, {
        symbol: 'BTCUSDT',
        startTime: String(start),
        endTime: String(start + 86_400_000),
      });
      expect(day.status).toBe(200);
    }
  });

  it('myTrades: fromId or orderId with a time range is -1128; symbol + orderId + fromId is fine', async () => {
    const trades = (p: Record<string, string>) =>
      signed(sim.url, key, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', ...p });
    const bad = { code: -1128, msg: 'Combination of optional parameters invalid.' };
    expect((await trades({ fromId: '1', startTime: now() })).body).toEqual(bad);
    expect((await trades({ fromId: '1', endTime: now() })).body).toEqual(bad);
    expect((await trades({ orderId: '1', startTime: now() })).body).toEqual(bad);
    expect((await trades({ orderId: '1', fromId: '1' })).status).toBe(200);
  });

  it('microseconds: a timestamp in microseconds is accepted; X-MBX-TIME-UNIT answers in them', async () => {
    const micros = `${Date.now()}000`;
    const answer = await signedRaw(sim.url, key, 'GET', '/api/v3/account', {
      query: `timestamp=${micros}`,
      headers: { 'X-MBX-TIME-UNIT': 'MICROSECOND' },
    });
    expect(answer.status).toBe(200);
    const time = (
      await call(`${sim.url}/api/v3/time`, {
        headers: { 'X-MBX-TIME-UNIT': 'microsecond' },
      })
    ).body as { serverTime: number };
    expect(String(time.serverTime)).toHaveLength(16);
    const klines = (
      await call(`${sim.url}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1`, {
        headers: { 'X-MBX-TIME-UNIT': 'MICROSECOND' },
      })
    ).body as number[][];
    expect(klines[0][0] % 60_000_000).toBe(0);
    expect(klines[0][6] - klines[0][0]).toBe(59_999 * 1000); // closeTime: openTime + 59,999 ms
  });

  it('ticker/24hr type=MINI: the documented MINI fields only', async () => {
    const mini = (await call(`${sim.url}/api/v3/ticker/24hr?symbol=BTCUSDT&type=MINI`)).body;
    expect(Object.keys(mini as object).sort()).toEqual(
      [
        'symbol',
        'openPrice',
        'highPrice',
        'lowPrice',
        'lastPrice',
        'volume',
        'quoteVolume',
        'openTime',
        'closeTime',
        'firstId',
        'lastId',
        'count',
      ].sort(),
    );
    const list = (
      await call(`${sim.url}/api/v3/ticker/24hr?symbols=["BTCUSDT","ETHUSDT"]&type=MINI`)
    ).body as object[];
    expect(list).toHaveLength(2);
    expect(list[0]).not.toHaveProperty('bidPrice');
  });

  it('order/test with computeCommissionRates=true: the documented commission object, weight 20', async () => {
    const answer = await signed(sim.url, key, 'POST', '/api/v3/order/test', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
      computeCommissionRates: 'true',
    });
    expect(answer.body).toEqual({
      standardCommissionForOrder: { maker: '0.00100000', taker: '0.00100000' },
      specialCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' },
      taxCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' },
      discount: {
        enabledForAccount: false,
        enabledForSymbol: true,
        discountAsset: 'BNB',
        discount: '0.25000000',
      },
    });
    expect(sim.requests({ path: '/api/v3/order/test' }).at(-1)?.weight).toBe(20);
  });

  it('strictParams: false accepts what Binance refuses (the simulator before issue 14)', async () => {
    const lax = await ExchangeSimulator.start({
      port: 0,
      seed: 5,
      clockSpeed: 0,
      strictParams: false,
      emptyCancelAllFails: false,
    });
    try {
      expect((await call(`${lax.url}/api/v3/ticker/price?symbol=BTCUSDT&foo=1`)).status).toBe(200);
      const laxKey = lax.createApiKey();
      const cancel = await signed(lax.url, laxKey, 'DELETE', '/api/v3/openOrders', {
        symbol: 'BTCUSDT',
      });
      expect(cancel).toMatchObject({ status: 200, body: [] });
    } finally {
      await lax.stop();
    }
  });
});
