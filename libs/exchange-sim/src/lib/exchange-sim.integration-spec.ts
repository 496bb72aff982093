import ccxt from 'ccxt';
import { type ApiCredentials, ExchangeSimulator, pointUrlsAt } from '../index';

// ccxt 4.5.84's binance class against the simulator, configured the way STACK.md says.
type Binance = InstanceType<typeof ccxt.binance>;

function client(
  sim: ExchangeSimulator,
  credentials: Partial<ApiCredentials> = {},
  extra: { timeout?: number; options?: Record<string, unknown> } = {},
): Binance {
  const exchange = new ccxt.binance({
    apiKey: credentials.apiKey,
    secret: credentials.secret,
    // the simulator enforces the weight limits; ccxt's own throttle would only slow tests down
    enableRateLimit: false,
    timeout: extra.timeout ?? 5000,
    options: {
      fetchMarkets: { types: ['spot'] },
      fetchCurrencies: false,
      fetchMargins: false,
      ...extra.options,
    },
  });
  exchange.urls.api = pointUrlsAt(exchange.urls.api, sim.url);
  return exchange;
}

/** ccxt types order ids as optional; every order here has one. */
function idOf(order: { id?: string }): string {
  if (order.id === undefined) throw new Error('order without id');
  return order.id;
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

const EPOCH = Date.UTC(2026, 0, 1);
const START = EPOCH + 10 * 24 * 3600 * 1000;

describe('exchange-sim with ccxt binance: market data and trading', () => {
  let sim: ExchangeSimulator;
  let trader: ApiCredentials;
  let ex: Binance;

  beforeAll(async () => {
    // frozen market clock: prices move only when a test sets them
    sim = await ExchangeSimulator.start({
      port: 0,
      seed: 7,
      epochMs: EPOCH,
      marketStartMs: START,
      clockSpeed: 0,
    });
    trader = sim.createApiKey({ balances: { USDT: '100000', BTC: '1', ETH: '2' } });
    ex = client(sim, trader);
    await ex.loadMarkets();
  });

  afterAll(() => sim.stop());

  beforeEach(() => {
    sim.setPrice('BTC/USDT', 60000);
    sim.setPrice('ETH/USDT', 3000);
  });

  it('loadMarkets derives precision and limits from the filters', async () => {
    expect(ex.symbols).toHaveLength(8);
    const btc = ex.market('BTC/USDT');
    expect(btc).toMatchObject({
      id: 'BTCUSDT',
      base: 'BTC',
      quote: 'USDT',
      spot: true,
      active: true,
    });
    expect(btc.precision).toMatchObject({ price: 0.01, amount: 0.00001 });
    expect(btc.limits.amount?.min).toBe(0.00001);
    expect(btc.limits.cost?.min).toBe(5);
    expect(ex.market('XRP/USDT').precision).toMatchObject({ price: 0.0001, amount: 0.1 });
    expect(sim.counts().byPath).toEqual({ 'GET /api/v3/exchangeInfo': 1 });
  });

  it('fetchTicker and fetchTickers', async () => {
    const ticker = await ex.fetchTicker('BTC/USDT');
    expect(ticker.last).toBe(60000);
    expect(ticker.bid).toBe(60000);
    expect(ticker.ask).toBe(60000.01);
    expect(ticker.high).toBeGreaterThanOrEqual(ticker.low ?? Infinity);
    const two = await ex.fetchTickers(['BTC/USDT', 'ETH/USDT']);
    expect(Object.keys(two).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(two['ETH/USDT'].last).toBe(3000);
    expect(Object.keys(await ex.fetchTickers())).toHaveLength(8);
  });

  it('fetchOHLCV: consecutive candles, the last one closing at the ticker price', async () => {
    const marketNow = sim.clockState().marketTime;
    const since = Math.floor(marketNow / 60_000) * 60_000 - 4 * 60_000;
    const candles = await ex.fetchOHLCV('BTC/USDT', '1m', since, 10);
    expect(candles).toHaveLength(5);
    candles.forEach(([time, open, high, low, close], i) => {
      expect(time).toBe(since + i * 60_000);
      expect(high).toBeGreaterThanOrEqual(Math.max(Number(open), Number(close)));
      expect(low).toBeLessThanOrEqual(Math.min(Number(open), Number(close)));
    });
    expect(candles[4][4]).toBe(60000);
    const hours = await ex.fetchOHLCV('ETH/USDT', '1h', undefined, 3);
    expect(hours).toHaveLength(3);
    expect(Number(hours[1][0]) - Number(hours[0][0])).toBe(3_600_000);
  });

  it('fetchOrderBook', async () => {
    const book = await ex.fetchOrderBook('ETH/USDT', 5);
    expect(book.bids).toHaveLength(5);
    expect(book.asks).toHaveLength(5);
    expect(book.bids[0][0]).toBe(3000);
    expect(book.asks[0][0]).toBe(3000.01);
    expect(Number(book.bids[1][0])).toBeLessThan(Number(book.bids[0][0]));
  });

  it('fetchBalance', async () => {
    const balance = await ex.fetchBalance();
    expect(balance['USDT'].free).toBe(100000);
    expect(balance['BTC'].free).toBe(1);
    expect(balance['USDT'].used).toBe(0);
  });

  it('market order with clientOrderId: filled at the ask, fee in the bought asset', async () => {
    const before = await ex.fetchBalance();
    const order = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, {
      clientOrderId: 'mkt-1',
    });
    expect(order).toMatchObject({
      status: 'closed',
      filled: 0.01,
      clientOrderId: 'mkt-1',
      average: 60000.01,
    });
    expect(order.trades).toHaveLength(1);
    expect(order.trades[0].fee).toMatchObject({ currency: 'BTC', cost: 0.00001 });
    const after = await ex.fetchBalance();
    expect(Number(after['BTC'].free) - Number(before['BTC'].free)).toBeCloseTo(0.00999, 8);
    expect(Number(before['USDT'].free) - Number(after['USDT'].free)).toBeCloseTo(600.0001, 6);
    const byClientId = await ex.fetchOrder('', 'BTC/USDT', { clientOrderId: 'mkt-1' });
    expect(byClientId.id).toBe(order.id);
  });

  it('limit order rests, shows in open orders and locked balance, and cancels', async () => {
    const order = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 59000, {
      clientOrderId: 'lim-1',
    });
    expect(order.status).toBe('open');
    expect((await ex.fetchOrder(idOf(order), 'BTC/USDT')).status).toBe('open');
    expect((await ex.fetchOrder('', 'BTC/USDT', { clientOrderId: 'lim-1' })).id).toBe(order.id);
    expect((await ex.fetchOpenOrders('BTC/USDT')).map((o) => o.id)).toEqual([idOf(order)]);
    expect((await ex.fetchBalance())['USDT'].used).toBe(590);
    const canceled = await ex.cancelOrder(idOf(order), 'BTC/USDT');
    expect(canceled.status).toBe('canceled');
    expect((await ex.fetchOrder(idOf(order), 'BTC/USDT')).status).toBe('canceled');
    expect((await ex.fetchBalance())['USDT'].used).toBe(0);
    await expect(ex.cancelOrder(idOf(order), 'BTC/USDT')).rejects.toBeInstanceOf(
      ccxt.OrderNotFound,
    );
  });

  it('a resting limit order fills in parts while the price is through it; fetchMyTrades lists each fill', async () => {
    const order = await ex.createOrder('ETH/USDT', 'limit', 'sell', 0.5, 3100, {
      clientOrderId: 'lim-2',
    });
    expect(order.status).toBe('open');
    sim.setPrice('ETH/USDT', 3150); // one price step through the limit: one slice
    const part = await ex.fetchOrder(idOf(order), 'ETH/USDT');
    expect(part.info['status']).toBe('PARTIALLY_FILLED');
    expect(part).toMatchObject({ status: 'open', price: 3100 });
    expect(part.filled).toBeGreaterThan(0);
    expect(part.filled).toBeLessThan(0.5);
    sim.advanceTime(300_000); // 300 more steps above 3100
    const filled = await ex.fetchOrder(idOf(order), 'ETH/USDT');
    expect(filled).toMatchObject({ status: 'closed', filled: 0.5, price: 3100 });
    const trades = (await ex.fetchMyTrades('ETH/USDT')).filter((t) => t.order === idOf(order));
    expect(trades.length).toBeGreaterThan(1);
    expect(new Set(trades.map((t) => t.id)).size).toBe(trades.length);
    for (const trade of trades) {
      expect(trade).toMatchObject({ price: 3100, takerOrMaker: 'maker', side: 'sell' });
    }
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(sum(trades.map((t) => t.amount ?? 0))).toBeCloseTo(0.5, 8);
    expect(sum(trades.map((t) => t.fee?.cost ?? 0))).toBeCloseTo(1.55, 6);
  });

  it('unknown orders: fetchOrder -2013 and cancelOrder -2011 are OrderNotFound', async () => {
    await expect(ex.fetchOrder('999999', 'BTC/USDT')).rejects.toBeInstanceOf(ccxt.OrderNotFound);
    await expect(ex.cancelOrder('999999', 'BTC/USDT')).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });

  it('insufficient balance is InsufficientFunds', async () => {
    await expect(ex.createOrder('BTC/USDT', 'market', 'buy', 5)).rejects.toBeInstanceOf(
      ccxt.InsufficientFunds,
    );
    await expect(ex.createOrder('ETH/USDT', 'limit', 'sell', 10, 3000)).rejects.toBeInstanceOf(
      ccxt.InsufficientFunds,
    );
  });

  it('a clientOrderId in use by an OPEN order is refused (-2010 "Duplicate order sent." -> InvalidOrder)', async () => {
    const open = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 50000, {
      clientOrderId: 'dup-1',
    });
    const error = await caught(
      ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 50000, { clientOrderId: 'dup-1' }),
    );
    expect(error).toBeInstanceOf(ccxt.InvalidOrder);
    expect(error).not.toBeInstanceOf(ccxt.OrderNotFound);
    expect(error.message).toContain('Duplicate order sent.');
    await ex.cancelOrder(idOf(open), 'BTC/USDT');
  });

  it('a re-sent market order with the same clientOrderId fills twice (ids are unique only among open orders)', async () => {
    const first = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.001, undefined, {
      clientOrderId: 'retry-1',
    });
    const second = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.001, undefined, {
      clientOrderId: 'retry-1',
    });
    expect(first.status).toBe('closed');
    expect(second.status).toBe('closed');
    expect(second.id).not.toBe(first.id);
  });

  it('post-only that would take is OrderImmediatelyFillable; a test order executes nothing', async () => {
    const error = await caught(
      ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 61000, { postOnly: true }),
    );
    expect(error).toBeInstanceOf(ccxt.OrderImmediatelyFillable);
    const maker = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 59000, {
      postOnly: true,
    });
    expect(maker).toMatchObject({ status: 'open', postOnly: true });
    await ex.cancelOrder(idOf(maker), 'BTC/USDT');
    await ex.createOrder('BTC/USDT', 'market', 'buy', 0.001, undefined, { test: true });
    expect(sim.counts().byPath['POST /api/v3/order/test']).toBe(1);
  });

  it('cancelAllOrders, fetchOrders, fetchLastPrices and fetchBidsAsks', async () => {
    await ex.createOrder('ETH/USDT', 'limit', 'buy', 0.01, 2900);
    await ex.createOrder('ETH/USDT', 'limit', 'buy', 0.01, 2800);
    const canceled = await ex.cancelAllOrders('ETH/USDT');
    expect(canceled.map((o) => o.status)).toEqual(['canceled', 'canceled']);
    expect(await ex.fetchOpenOrders('ETH/USDT')).toHaveLength(0);
    const all = await ex.fetchOrders('ETH/USDT');
    expect(all.filter((o) => o.status === 'canceled').length).toBeGreaterThanOrEqual(2);
    const last = await ex.fetchLastPrices(['BTC/USDT']);
    expect(last['BTC/USDT'].price).toBe(60000);
    const quotes = await ex.fetchBidsAsks(['ETH/USDT']);
    expect(quotes['ETH/USDT']).toMatchObject({ bid: 3000, ask: 3000.01 });
  });

  it('filter failures: LOT_SIZE and PRICE_FILTER are InvalidOrder, NOTIONAL is BadRequest', async () => {
    // raw requests: ccxt rounds amounts and prices itself, so only the implicit API reaches the filters
    const base = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC' };
    const lot = await caught(
      ex.privatePostOrder({ ...base, quantity: '0.000015', price: '50000' }),
    );
    expect(lot).toBeInstanceOf(ccxt.InvalidOrder);
    expect(lot.message).toContain('Filter failure: LOT_SIZE');
    const price = await caught(
      ex.privatePostOrder({ ...base, quantity: '0.001', price: '50000.005' }),
    );
    expect(price).toBeInstanceOf(ccxt.InvalidOrder);
    expect(price.message).toContain('Filter failure: PRICE_FILTER');
    const notional = await caught(
      ex.privatePostOrder({ ...base, quantity: '0.00001', price: '50000' }),
    );
    expect(notional).toBeInstanceOf(ccxt.BadRequest);
    expect(notional.message).toContain('Filter failure: NOTIONAL');
  });
});

describe('exchange-sim with ccxt binance: authentication and time', () => {
  let sim: ExchangeSimulator;
  let key: ApiCredentials;

  beforeAll(async () => {
    sim = await ExchangeSimulator.start({ port: 0, seed: 3 });
    key = sim.createApiKey({ balances: { USDT: '1000' } });
  });

  afterAll(() => sim.stop());

  it('a bad secret (-1022) and an unknown key (-2015) are AuthenticationError', async () => {
    await expect(client(sim, { ...key, secret: 'wrong' }).fetchBalance()).rejects.toBeInstanceOf(
      ccxt.AuthenticationError,
    );
    await expect(
      client(sim, { apiKey: 'nosuchkey', secret: 'x' }).fetchBalance(),
    ).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    expect(sim.counts().byOutcome['error']).toBe(2);
  });

  it('-2015 after a successful private call on the same instance is DDoSProtection (ccxt reads a temporary ban)', async () => {
    const ex = client(sim, key);
    await ex.fetchBalance();
    ex.apiKey = 'revokedkey';
    await expect(ex.fetchBalance()).rejects.toBeInstanceOf(ccxt.DDoSProtection);
  });

  it('a client clock 30 s behind gets -1021 (InvalidNonce) unless adjustForTimeDifference is on', async () => {
    const skewed = client(sim, key);
    skewed.milliseconds = () => Date.now() - 30_000;
    const error = await caught(skewed.fetchBalance());
    expect(error).toBeInstanceOf(ccxt.InvalidNonce);
    expect(error.message).toContain('-1021');

    const adjusted = client(sim, key, { options: { adjustForTimeDifference: true } });
    adjusted.milliseconds = () => Date.now() - 30_000;
    const balance = await adjusted.fetchBalance();
    expect(balance['USDT'].free).toBe(1000);
    expect(sim.counts().byPath['GET /api/v3/time']).toBe(1);
  });
});

describe('exchange-sim with ccxt binance: request weight, 429 and 418', () => {
  let sim: ExchangeSimulator;
  let ex: Binance;

  beforeAll(async () => {
    sim = await ExchangeSimulator.start({ port: 0, seed: 5 });
    ex = client(sim);
    await ex.loadMarkets();
  });

  afterAll(() => sim.stop());

  beforeEach(() => {
    sim.setRateLimits(
      { weightLimit: 6000, windowMs: 3_600_000, rejectionsBeforeBan: 3, banBaseMs: 60_000 },
      true,
    );
    sim.clearFaults();
  });

  const usedWeight = () => Number(ex.last_response_headers?.['X-Mbx-Used-Weight-1m']);

  it('X-MBX-USED-WEIGHT-1M adds up the documented weights', async () => {
    await ex.fetchTicker('BTC/USDT');
    expect(usedWeight()).toBe(2);
    await ex.fetchOHLCV('BTC/USDT', '1m', undefined, 10);
    expect(usedWeight()).toBe(4);
    await ex.fetchOrderBook('BTC/USDT', 100);
    expect(usedWeight()).toBe(9);
    await ex.fetchTickers();
    expect(usedWeight()).toBe(89);
    await ex.loadMarkets(true);
    expect(usedWeight()).toBe(109);
  });

  it('a forced 429 is DDoSProtection with Retry-After; the next request passes', async () => {
    sim.addFault({ kind: 'force429', count: 1, retryAfterS: 7 });
    const error = await caught(ex.fetchTicker('BTC/USDT'));
    expect(error).toBeInstanceOf(ccxt.DDoSProtection);
    expect(error.message).toContain('429');
    expect(error.message).toContain('-1003');
    expect(ex.last_response_headers?.['Retry-After']).toBe('7');
    expect((await ex.fetchTicker('BTC/USDT')).symbol).toBe('BTC/USDT');
  });

  it('over the weight limit: 429 with Retry-After, then 418 "IP banned until" when the client keeps going', async () => {
    sim.setRateLimits({ weightLimit: 10 }, true);
    for (let i = 0; i < 5; i++) await ex.fetchTicker('BTC/USDT');
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) {
      const error = await caught(ex.fetchTicker('BTC/USDT'));
      expect(error).toBeInstanceOf(ccxt.DDoSProtection);
      statuses.push(error.message.split(' ')[1]);
      expect(Number(ex.last_response_headers?.['Retry-After'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual(['429', '429', '429', '418']);
    const banned = await caught(ex.fetchTime());
    expect(banned.message).toMatch(/IP banned until \d{13}/);
    expect(sim.counts().byOutcome).toMatchObject({ rate_limited: 3, banned: 2 });
  });
});

describe('exchange-sim with ccxt binance: faults', () => {
  let sim: ExchangeSimulator;
  let ex: Binance;

  beforeAll(async () => {
    sim = await ExchangeSimulator.start({ port: 0, seed: 9, clockSpeed: 0 });
    ex = client(sim, sim.createApiKey({ balances: { USDT: '100000' } }), { timeout: 800 });
    await ex.loadMarkets();
  });

  afterAll(() => sim.stop());

  afterEach(() => sim.clearFaults());

  it('unknown outcome: the client times out, but the order was placed', async () => {
    sim.addFault({
      kind: 'unknownOutcome',
      method: 'POST',
      path: '/api/v3/order',
      count: 1,
      holdMs: 10_000,
    });
    const error = await caught(
      ex.createOrder('BTC/USDT', 'market', 'buy', 0.001, undefined, { clientOrderId: 'lost-1' }),
    );
    expect(error).toBeInstanceOf(ccxt.RequestTimeout);
    const order = await ex.fetchOrder('', 'BTC/USDT', { clientOrderId: 'lost-1' });
    expect(order).toMatchObject({ status: 'closed', filled: 0.001 });
    expect(sim.requests({ path: '/api/v3/order', method: 'POST' }).map((r) => r.outcome)).toEqual([
      'unknown_outcome',
    ]);
  });

  it('unknown outcome with no hold: the connection resets (NetworkError), the order exists', async () => {
    sim.addFault({
      kind: 'unknownOutcome',
      method: 'POST',
      path: '/api/v3/order',
      count: 1,
      holdMs: 0,
    });
    const error = await caught(
      ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 50000, { clientOrderId: 'lost-2' }),
    );
    expect(error).toBeInstanceOf(ccxt.NetworkError);
    expect((await ex.fetchOrder('', 'BTC/USDT', { clientOrderId: 'lost-2' })).status).toBe('open');
  });

  it('503 after execution (-1007) is RequestTimeout and the order exists; a plain 503 executes nothing', async () => {
    sim.addFault({
      kind: 'http5xx',
      method: 'POST',
      path: '/api/v3/order',
      count: 1,
      execute: true,
    });
    const executed = await caught(
      ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 50000, { clientOrderId: 'e503' }),
    );
    expect(executed).toBeInstanceOf(ccxt.RequestTimeout);
    expect((await ex.fetchOrder('', 'BTC/USDT', { clientOrderId: 'e503' })).status).toBe('open');

    sim.addFault({ kind: 'http5xx', method: 'POST', path: '/api/v3/order', count: 1 });
    const refused = await caught(
      ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 50000, { clientOrderId: 'n503' }),
    );
    expect(refused).toBeInstanceOf(ccxt.ExchangeNotAvailable);
    await expect(ex.fetchOrder('', 'BTC/USDT', { clientOrderId: 'n503' })).rejects.toBeInstanceOf(
      ccxt.OrderNotFound,
    );
  });

  it('a dropped connection is NetworkError and executes nothing', async () => {
    sim.addFault({ kind: 'drop', method: 'POST', path: '/api/v3/order', count: 1 });
    const error = await caught(
      ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 50000, { clientOrderId: 'drop-1' }),
    );
    expect(error).toBeInstanceOf(ccxt.NetworkError);
    await expect(ex.fetchOrder('', 'BTC/USDT', { clientOrderId: 'drop-1' })).rejects.toBeInstanceOf(
      ccxt.OrderNotFound,
    );
  });

  it('the request log counts upstream calls per path and API key', async () => {
    sim.clearRequests();
    await ex.fetchTicker('ETH/USDT');
    await ex.fetchTicker('ETH/USDT');
    await ex.fetchBalance();
    const counts = sim.counts();
    expect(counts.byPath).toEqual({ 'GET /api/v3/ticker/24hr': 2, 'GET /api/v3/account': 1 });
    expect(counts.byApiKey[ex.apiKey]).toBe(1);
    expect(counts.total).toBe(3);
  });
});
