import { type ApiCredentials, ExchangeSimulator } from '../index';
import { call, signed } from './http-test-client';

// The simulator over plain HTTP (no ccxt): status codes, headers, response types, admin API.

const admin = (sim: ExchangeSimulator, method: string, path: string, body?: unknown) =>
  call(`${sim.url}/admin/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('exchange-sim over HTTP', () => {
  let sim: ExchangeSimulator;

  beforeAll(async () => {
    sim = await ExchangeSimulator.start({
      port: 0,
      seed: 2,
      clockSpeed: 0,
      generatedSymbols: 20,
      trustForwardedFor: true,
      apiKeys: [{ apiKey: 'fixedkey', secret: 'fixedsecret', balances: { USDT: '5000' } }],
    });
  });

  afterAll(() => sim.stop());

  it('lists the default and the generated symbols', async () => {
    const info = await call(`${sim.url}/api/v3/exchangeInfo`);
    const symbols = (info.body as { symbols: { symbol: string }[] }).symbols.map((s) => s.symbol);
    expect(symbols).toHaveLength(28);
    expect(symbols).toContain('SIM01USDT');
    expect(symbols).toContain('SIM20USDT');
    expect(info.headers.get('x-mbx-used-weight-1m')).toBe('20');
  });

  it('answers Binance error bodies with Binance status codes', async () => {
    expect(await call(`${sim.url}/api/v3/ticker/24hr?symbol=NOPE`)).toMatchObject({
      status: 400,
      body: { code: -1121, msg: 'Invalid symbol.' },
    });
    expect((await call(`${sim.url}/api/v3/klines?symbol=BTCUSDT`)).body).toMatchObject({
      code: -1102,
    });
    expect((await call(`${sim.url}/api/v3/klines?symbol=BTCUSDT&interval=2m`)).body).toMatchObject({
      code: -1120,
    });
    expect(await call(`${sim.url}/api/v3/account?timestamp=1&signature=x`)).toMatchObject({
      status: 401,
      body: { code: -2014 },
    });
    expect((await call(`${sim.url}/api/v3/nothing`)).status).toBe(404);
  });

  it('newOrderRespType ACK, RESULT and FULL', async () => {
    const key = sim.createApiKey({ balances: { USDT: '10000' } });
    const order = { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' };
    const ack = await signed(sim.url, key, 'POST', '/api/v3/order', {
      ...order,
      newOrderRespType: 'ACK',
    });
    expect(Object.keys(ack.body as object).sort()).toEqual(
      ['clientOrderId', 'orderId', 'orderListId', 'symbol', 'transactTime'].sort(),
    );
    const result = await signed(sim.url, key, 'POST', '/api/v3/order', {
      ...order,
      newOrderRespType: 'RESULT',
    });
    expect(result.body).toMatchObject({ status: 'FILLED', executedQty: '0.01000000' });
    expect(result.body).not.toHaveProperty('fills');
    const full = await signed(sim.url, key, 'POST', '/api/v3/order', order);
    expect(full.body).toMatchObject({ fills: [{ qty: '0.01000000', commissionAsset: 'ETH' }] });
    const trades = await signed(sim.url, key, 'GET', '/api/v3/myTrades', { symbol: 'ETHUSDT' });
    expect(trades.body).toHaveLength(3);
  });

  it('admin: keys, balances, prices, orders and forced partial fills', async () => {
    const created = await admin(sim, 'POST', 'keys', { balances: { USDT: 1000 } });
    const key = created.body as ApiCredentials;
    expect(key.apiKey).toMatch(/^[A-Za-z0-9]{64}$/);
    await admin(sim, 'PUT', `keys/${key.apiKey}/balances`, { BTC: '0.5' });
    await admin(sim, 'POST', 'prices', { symbol: 'BTC/USDT', price: 40000 });
    expect(((await admin(sim, 'GET', 'prices')).body as Record<string, string>)['BTCUSDT']).toBe(
      '40000.00000000',
    );
    const placed = await signed(sim.url, key, 'POST', '/api/v3/order', {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.1',
      price: '41000',
    });
    const orderId = (placed.body as { orderId: number }).orderId;
    const fill = await admin(sim, 'POST', 'orders/fill', {
      symbol: 'BTCUSDT',
      orderId,
      quantity: '0.04',
    });
    expect(fill.body).toMatchObject({
      order: { status: 'PARTIALLY_FILLED', executedQty: '0.04000000' },
    });
    const snapshot = (await admin(sim, 'GET', `keys/${key.apiKey}`)).body as {
      balances: Record<string, { free: string; locked: string }>;
    };
    expect(snapshot.balances['BTC']).toEqual({ free: '0.40000000', locked: '0.06000000' });
    expect(snapshot.balances['USDT'].free).toBe('2638.36000000'); // 1000 + 1640 - 1.64 fee
    const open = await admin(sim, 'GET', `orders?apiKey=${key.apiKey}&open=true`);
    expect(open.body).toHaveLength(1);
  });

  it('admin: faults, request counts per IP, clock and reset', async () => {
    await admin(sim, 'DELETE', 'requests');
    const fault = await admin(sim, 'POST', 'faults', {
      kind: 'http5xx',
      path: '/api/v3/time',
      count: 1,
      status: 502,
    });
    expect(fault.body).toMatchObject({ id: expect.any(Number), kind: 'http5xx' });
    const headers = { 'X-Forwarded-For': '10.0.0.7' };
    expect((await call(`${sim.url}/api/v3/time`, { headers })).status).toBe(502);
    expect((await call(`${sim.url}/api/v3/time`, { headers })).status).toBe(200);
    const counts = (await admin(sim, 'GET', 'counts')).body;
    expect(counts).toMatchObject({
      total: 2,
      byIp: { '10.0.0.7': 2 },
      byOutcome: { fault_5xx: 1, ok: 1 },
    });
    const log = (await admin(sim, 'GET', 'requests?path=/api/v3/time')).body;
    expect(log).toMatchObject([{ status: 502 }, { status: 200, weight: 1 }]);

    const before = (await admin(sim, 'GET', 'clock')).body as { marketTime: number };
    const after = (await admin(sim, 'POST', 'clock', { advanceMs: 60_000 })).body as {
      marketTime: number;
    };
    expect(after.marketTime - before.marketTime).toBe(60_000);

    expect((await admin(sim, 'POST', 'reset')).status).toBe(200);
    expect((await admin(sim, 'GET', 'counts')).body).toMatchObject({ total: 0 });
    // keys given at start survive a reset with their balances; keys made later do not
    const account = await signed(
      sim.url,
      { apiKey: 'fixedkey', secret: 'fixedsecret' },
      'GET',
      '/api/v3/account',
      { omitZeroBalances: 'true' },
    );
    expect((account.body as { balances: unknown[] }).balances).toEqual([
      { asset: 'USDT', free: '5000.00000000', locked: '0.00000000' },
    ]);
    expect((await admin(sim, 'POST', 'faults', { kind: 'nope' })).status).toBe(400);
    expect((await admin(sim, 'GET', 'nothing')).status).toBe(404);
  });
});
