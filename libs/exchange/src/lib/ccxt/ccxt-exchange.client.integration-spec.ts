import { ExchangeSimulator } from '@platform/exchange-sim';
import { lostOrderAnswer } from '@platform/testing';
import {
  AuthenticationError,
  BannedError,
  InsufficientFundsError,
  NetworkError,
  OrderNotFoundError,
  OrderNotSentError,
  RateLimitedError,
  UnknownMarketError,
} from '../errors/exchange.errors';
import { CcxtExchangeClient } from './ccxt-exchange.client';

// Real ccxt `binance` against the local simulator: every call of the ExchangeClient, and each
// failure arriving as our own error class.
describe('CcxtExchangeClient (binance) against the exchange simulator', () => {
  let sim: ExchangeSimulator;
  let client: CcxtExchangeClient;
  let apiKey: string;

  const clientFor = (credentials: { apiKey: string; secret: string }, timeoutMs?: number) =>
    new CcxtExchangeClient({ exchangeId: 'binance', credentials, baseUrl: sim.url, timeoutMs });

  beforeAll(async () => {
    // the exchange's clock runs 30 s ahead of ours: ccxt must adjust or get -1021
    sim = await ExchangeSimulator.start({
      port: 0,
      seed: 42,
      clockSpeed: 0,
      serverClockOffsetMs: 30_000,
    });
    sim.setPrice('BTC/USDT', 60_000);
    const key = sim.createApiKey({ balances: { USDT: '10000', BTC: '0' } });
    apiKey = key.apiKey;
    client = clientFor(key);
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('loads markets with steps, minimums and fees as decimals', async () => {
    const markets = await client.loadMarkets();
    expect(markets['BTC/USDT']).toMatchObject({
      base: 'BTC',
      quote: 'USDT',
      active: true,
      takerFee: '0.001',
    });
    expect(Number(markets['BTC/USDT'].amountStep)).toBeGreaterThan(0);
    expect(Number(markets['BTC/USDT'].minNotional)).toBeGreaterThan(0);
  });

  it('reads tickers (one and many), candles and the balance', async () => {
    const ticker = await client.fetchTicker('BTC/USDT');
    expect(Number(ticker.last)).toBeCloseTo(60_000, -2);
    const tickers = await client.fetchTickers(['BTC/USDT', 'ETH/USDT']);
    expect(Object.keys(tickers).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
    const candles = await client.fetchCandles('BTC/USDT', '1m', 5);
    expect(candles).toHaveLength(5);
    expect(typeof candles[0][4]).toBe('string');
    expect((await client.fetchBalance())['USDT']).toEqual({
      free: '10000',
      used: '0',
      total: '10000',
    });
  });

  it('places a market order with our client order id, with fills and fees, and finds it by either id', async () => {
    const order = await client.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: '0.01',
      clientOrderId: 'bot1-1-buy',
    });
    expect(order).toMatchObject({
      clientOrderId: 'bot1-1-buy',
      status: 'closed',
      filled: '0.01',
      side: 'buy',
      type: 'market',
    });
    expect(order.fills.length).toBeGreaterThan(0);
    for (const fill of order.fills) expect(fill).toMatchObject({ feeCurrency: 'BTC' });
    // 0.1 % of 0.01 BTC over all fills: how the book's first level splits it varies
    const fees = order.fills.reduce((sum, fill) => sum + Number(fill.fee), 0);
    expect(fees).toBeCloseTo(0.00001, 8);

    expect((await client.fetchOrder({ clientOrderId: 'bot1-1-buy' }, 'BTC/USDT')).id).toBe(
      order.id,
    );
    expect((await client.fetchOrder({ id: order.id }, 'BTC/USDT')).clientOrderId).toBe(
      'bot1-1-buy',
    );
  });

  it('a market order that walks several book levels: one fill per level, amount and average from them', async () => {
    const order = await client.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: '0.1', // about 6000 USDT: more than the best levels hold (2000 USDT on average)
      clientOrderId: 'bot1-4-walk',
    });
    expect(order).toMatchObject({ status: 'closed', filled: '0.1' });
    expect(order.fills.length).toBeGreaterThan(1);
    expect(new Set(order.fills.map((f) => f.id)).size).toBe(order.fills.length);
    const prices = order.fills.map((f) => Number(f.price));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const amount = order.fills.reduce((sum, f) => sum + Number(f.amount), 0);
    const cost = order.fills.reduce((sum, f) => sum + Number(f.amount) * Number(f.price), 0);
    expect(amount).toBeCloseTo(0.1, 8);
    expect(Number(order.average)).toBeCloseTo(cost / amount, 2);
    const fees = order.fills.reduce((sum, f) => sum + Number(f.fee), 0);
    expect(fees).toBeCloseTo(0.0001, 8); // 0.1 % of 0.1 BTC, over every fill
    const fetched = await client.fetchOrderFills(order.id, 'BTC/USDT');
    expect(fetched.map((f) => f.id)).toEqual(order.fills.map((f) => f.id));
  });

  it('rests a limit order, lists it as open, and cancels it', async () => {
    const order = await client.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      amount: '0.01',
      price: '50000',
      clientOrderId: 'bot1-2-grid',
    });
    expect(order.status).toBe('open');
    expect((await client.fetchOpenOrders('BTC/USDT')).map((o) => o.clientOrderId)).toContain(
      'bot1-2-grid',
    );
    expect((await client.cancelOrder(order.id, 'BTC/USDT')).status).toBe('canceled');
    expect(await client.fetchOpenOrders('BTC/USDT')).toEqual([]);
  });

  it('an unknown market is UnknownMarketError', async () => {
    await expect(client.fetchTicker('NOPE/USDT')).rejects.toBeInstanceOf(UnknownMarketError);
  });

  it('maps failures: unknown order, insufficient funds, bad secret', async () => {
    await expect(
      client.fetchOrder({ clientOrderId: 'never-sent' }, 'BTC/USDT'),
    ).rejects.toBeInstanceOf(OrderNotFoundError);
    await expect(
      client.createOrder({
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'market',
        amount: '10',
        clientOrderId: 'bot1-3-big',
      }),
    ).rejects.toBeInstanceOf(InsufficientFundsError);
    const wrongSecret = clientFor({ apiKey, secret: 'not-the-secret' });
    await expect(wrongSecret.fetchBalance()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('maps a 429 to RateLimitedError with the Retry-After, and a 418 to BannedError with its end', async () => {
    sim.addFault({ kind: 'force429', count: 1, retryAfterS: 7 });
    const limited = await client.fetchTicker('BTC/USDT').catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(7000);

    sim.setRateLimits({ weightLimit: 1, rejectionsBeforeBan: 1, banBaseMs: 5000 }, true);
    const before = Date.now();
    let error: unknown;
    for (let i = 0; i < 4 && !(error instanceof BannedError); i++)
      error = await client.fetchTicker('BTC/USDT').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BannedError);
    expect((error as BannedError).until.getTime()).toBeGreaterThan(before);
    sim.setRateLimits({ weightLimit: 6000 }, true);
  });

  it('an order whose answer is lost is a NetworkError with an unknown outcome, and it did execute', async () => {
    const impatient = clientFor(sim.createApiKey({ balances: { USDT: '10000' } }), 1500);
    await impatient.loadMarkets();
    sim.addFault(lostOrderAnswer);
    const error = await impatient
      .createOrder({
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'market',
        amount: '0.01',
        clientOrderId: 'bot2-1-buy',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).outcomeUnknown).toBe(true);
    // look it up by client order id before anything is retried
    await expect(
      impatient.fetchOrder({ clientOrderId: 'bot2-1-buy' }, 'BTC/USDT'),
    ).resolves.toMatchObject({ status: 'closed', filled: '0.01' });
  });

  it('sends an order only while its sender may, and the exchange refuses it once the stamp is old', async () => {
    const key = sim.createApiKey({ balances: { USDT: '10000' } });
    const c = clientFor(key, 15_000);
    await c.loadMarkets();
    const order = (clientOrderId: string, mayStillSend?: () => boolean) =>
      c.createOrder({
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'market',
        amount: '0.001',
        clientOrderId,
        mayStillSend,
      });
    await expect(order('refused-by-owner', () => false)).rejects.toBeInstanceOf(OrderNotSentError);
    // the order waited 6 s on the way (a frozen sender, a slow network): older than its 5 s window
    sim.addFault({
      kind: 'latency',
      path: '/api/v3/order',
      method: 'POST',
      count: 1,
      latencyMs: 6000,
    });
    await expect(order('arrived-late', () => true)).rejects.toBeDefined();
    expect(sim.orders({ apiKey: key.apiKey })).toEqual([]);
    await expect(order('in-time', () => true)).resolves.toMatchObject({ status: 'closed' });
    expect(sim.orders({ apiKey: key.apiKey })).toHaveLength(1);
  }, 30_000);

  it('tells whether a key may withdraw (apiRestrictions)', async () => {
    const tradeOnly = clientFor(sim.createApiKey({}));
    const withdrawing = clientFor(sim.createApiKey({ canWithdraw: true }));
    await expect(tradeOnly.fetchKeyPermissions()).resolves.toEqual({
      canTrade: true,
      canWithdraw: false,
    });
    await expect(withdrawing.fetchKeyPermissions()).resolves.toEqual({
      canTrade: true,
      canWithdraw: true,
    });
  });
});
