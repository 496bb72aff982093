import { type ApiCredentials, ExchangeSimulator } from '../index';
import { type Reply, call, signed } from './http-test-client';

// The finite book (fills: 'depth', the default) over HTTP, against rest-api.md's documented
// answers: "Response - FULL" of POST /api/v3/order (one fill per price level, each with its own
// price, qty, commission and tradeId), the conditional `expiryReason` field (enums.md "Expiry
// Reasons"), and GET /api/v3/depth agreeing with what takers left.

interface Fill {
  price: string;
  qty: string;
  commission: string;
  commissionAsset: string;
  tradeId: number;
}

interface FullAnswer {
  status: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  expiryReason?: string;
  fills: Fill[];
  orderId: number;
}

interface Depth {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

const n = (text: string) => Number(text);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('exchange-sim book: orders walk a finite depth', () => {
  let sim: ExchangeSimulator;
  let key: ApiCredentials;
  const order = (params: Record<string, string>) =>
    signed(sim.url, key, 'POST', '/api/v3/order', params);
  const depth = async (symbol: string, limit = 20) =>
    (await call(`${sim.url}/api/v3/depth?symbol=${symbol}&limit=${limit}`)).body as Depth;
  const full = (reply: Reply) => {
    expect(reply.status).toBe(200);
    return reply.body as FullAnswer;
  };

  beforeAll(async () => {
    sim = await ExchangeSimulator.start({ port: 0, seed: 3, clockSpeed: 0 });
    key = sim.createApiKey({ balances: { USDT: '1000000', BTC: '10', ETH: '100', SOL: '1000' } });
  });

  afterAll(() => sim.stop());

  it('a MARKET order larger than the best level gets a fill per level, as in "Response - FULL"', async () => {
    sim.setPrice('BTCUSDT', 60000);
    const before = await depth('BTCUSDT');
    expect(before.asks[0][0]).toBe('60000.01000000');
    const answer = full(
      await order({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.1' }),
    );
    expect(answer).toMatchObject({ status: 'FILLED', origQty: '0.10000000' });
    expect(answer.executedQty).toBe('0.10000000');
    expect(answer.fills.length).toBeGreaterThan(1);
    // best level first, one tick apart, each whole level but the last as GET /depth showed it
    answer.fills.forEach((fill, i) => {
      expect(fill.price).toBe(before.asks[i][0]);
      if (i < answer.fills.length - 1) expect(fill.qty).toBe(before.asks[i][1]);
      expect(fill.commissionAsset).toBe('BTC');
      expect(n(fill.commission)).toBeCloseTo(n(fill.qty) * 0.001, 8);
    });
    const ids = answer.fills.map((f) => f.tradeId);
    expect(ids).toEqual(ids.map((_, i) => ids[0] + i));
    expect(n(answer.cummulativeQuoteQty)).toBeCloseTo(
      sum(answer.fills.map((f) => n(f.price) * n(f.qty))),
      6,
    );
    // the book shows what the order left: the partly taken level first
    const after = await depth('BTCUSDT');
    const last = answer.fills[answer.fills.length - 1];
    expect(after.asks[0]).toEqual([
      last.price,
      (n(before.asks[answer.fills.length - 1][1]) - n(last.qty)).toFixed(8),
    ]);
    expect(after.lastUpdateId).toBeGreaterThan(before.lastUpdateId);
    const trades = await signed(sim.url, key, 'GET', '/api/v3/myTrades', {
      symbol: 'BTCUSDT',
      orderId: String(answer.orderId),
    });
    expect((trades.body as { id: number }[]).map((t) => t.id)).toEqual(ids);
  });

  it('IOC: what the limit reaches fills, the rest EXPIRED with executedQty > 0 and expiryReason', async () => {
    sim.setPrice('ETHUSDT', 3000);
    const book = await depth('ETHUSDT');
    const reachable = n(book.asks[0][1]) + n(book.asks[1][1]);
    const answer = full(
      await order({
        symbol: 'ETHUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'IOC',
        price: book.asks[1][0], // two levels
        quantity: (reachable + 1).toFixed(4),
      }),
    );
    expect(answer).toMatchObject({
      status: 'EXPIRED',
      expiryReason: 'UNFILLED_IOC_QUANTITY_EXPIRED',
    });
    expect(answer.fills.map((f) => f.price)).toEqual([book.asks[0][0], book.asks[1][0]]);
    expect(n(answer.executedQty)).toBeCloseTo(reachable, 8);
    const queried = await signed(sim.url, key, 'GET', '/api/v3/order', {
      symbol: 'ETHUSDT',
      orderId: String(answer.orderId),
    });
    expect(queried.body).toMatchObject({ status: 'EXPIRED', expiryReason: answer.expiryReason });
  });

  it('FOK that the book cannot fill whole: EXPIRED with nothing filled; one it can: FILLED', async () => {
    sim.setPrice('SOLUSDT', 150);
    const book = await depth('SOLUSDT');
    const threeLevels = n(book.asks[0][1]) + n(book.asks[1][1]) + n(book.asks[2][1]);
    const fok = (quantity: number) =>
      order({
        symbol: 'SOLUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'FOK',
        price: book.asks[2][0],
        quantity: quantity.toFixed(3),
      });
    const usdt = sim.accountSnapshot(key.apiKey).balances['USDT'];
    const refused = full(await fok(threeLevels + 0.001));
    expect(refused).toMatchObject({
      status: 'EXPIRED',
      executedQty: '0.00000000',
      expiryReason: 'UNFILLED_FOK_ORDER_EXPIRED',
      fills: [],
    });
    expect(sim.accountSnapshot(key.apiKey).balances['USDT']).toEqual(usdt);
    expect(await depth('SOLUSDT')).toEqual(book); // nothing taken
    const filled = full(await fok(threeLevels));
    expect(filled.status).toBe('FILLED');
    expect(filled.fills).toHaveLength(3);
  });

  it('a marketable GTC limit takes what its price reaches and rests PARTIALLY_FILLED', async () => {
    sim.setPrice('ETHUSDT', 3100);
    const book = await depth('ETHUSDT');
    const answer = full(
      await order({
        symbol: 'ETHUSDT',
        side: 'SELL',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: book.bids[0][0], // the best bid only
        quantity: (n(book.bids[0][1]) + 0.5).toFixed(4),
      }),
    );
    expect(answer.status).toBe('PARTIALLY_FILLED');
    expect(answer.fills).toEqual([expect.objectContaining({ price: book.bids[0][0] })]);
    expect(answer.executedQty).toBe(n(book.bids[0][1]).toFixed(8));
    const open = await signed(sim.url, key, 'GET', '/api/v3/openOrders', { symbol: 'ETHUSDT' });
    expect(open.body).toEqual([expect.objectContaining({ status: 'PARTIALLY_FILLED' })]);
    expect(sim.accountSnapshot(key.apiKey).balances['ETH'].locked).toBe('0.50000000');
    await signed(sim.url, key, 'DELETE', '/api/v3/openOrders', { symbol: 'ETHUSDT' });
  });

  it('a resting order fills in parts as the price path crosses it: NEW -> PARTIALLY_FILLED -> FILLED', async () => {
    sim.setPrice('BTCUSDT', 60000);
    const placed = full(
      await order({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: '59000',
        quantity: '0.02', // 1180 USDT: about a dozen slices of 20..180 USDT
      }),
    );
    expect(placed.status).toBe('NEW');
    const query = async () =>
      (
        await signed(sim.url, key, 'GET', '/api/v3/order', {
          symbol: 'BTCUSDT',
          orderId: String(placed.orderId),
        })
      ).body as { status: string; executedQty: string };
    sim.setPrice('BTCUSDT', 58900);
    const part = await query();
    expect(part.status).toBe('PARTIALLY_FILLED');
    expect(n(part.executedQty)).toBeGreaterThan(0);
    expect(n(part.executedQty)).toBeLessThan(0.02);
    sim.advanceTime(600_000); // ten minutes about 0.2 % under the limit
    expect(await query()).toMatchObject({ status: 'FILLED', executedQty: '0.02000000' });
    const trades = (
      await signed(sim.url, key, 'GET', '/api/v3/myTrades', {
        symbol: 'BTCUSDT',
        orderId: String(placed.orderId),
      })
    ).body as { qty: string; price: string; isMaker: boolean; id: number }[];
    expect(trades.length).toBeGreaterThan(2);
    expect(trades.every((t) => t.price === '59000.00000000' && t.isMaker)).toBe(true);
    expect(sum(trades.map((t) => n(t.qty)))).toBeCloseTo(0.02, 8);
  });
});

describe('exchange-sim book: options', () => {
  it('a MARKET order the whole book cannot fill: EXPIRED, INSUFFICIENT_LIQUIDITY (depth.levels 3)', async () => {
    const sim = await ExchangeSimulator.start({
      port: 0,
      seed: 3,
      clockSpeed: 0,
      depth: { levels: 3 },
    });
    try {
      const key = sim.createApiKey({ balances: { USDT: '1000000' } });
      const book = (await call(`${sim.url}/api/v3/depth?symbol=BTCUSDT&limit=10`)).body as Depth;
      expect(book.asks).toHaveLength(3);
      const answer = (
        await signed(sim.url, key, 'POST', '/api/v3/order', {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'MARKET',
          quantity: '5',
        })
      ).body as FullAnswer;
      expect(answer).toMatchObject({ status: 'EXPIRED', expiryReason: 'INSUFFICIENT_LIQUIDITY' });
      expect(answer.fills).toHaveLength(3);
      expect(n(answer.executedQty)).toBeCloseTo(sum(book.asks.map(([, q]) => n(q))), 8);
    } finally {
      await sim.stop();
    }
  });

  it("fills: 'whole' gives the old behaviour: one fill at the touch, resting orders fill whole", async () => {
    const sim = await ExchangeSimulator.start({ port: 0, seed: 3, clockSpeed: 0, fills: 'whole' });
    try {
      const key = sim.createApiKey({ balances: { USDT: '1000000' } });
      sim.setPrice('BTCUSDT', 60000);
      const market = (
        await signed(sim.url, key, 'POST', '/api/v3/order', {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'MARKET',
          quantity: '1',
        })
      ).body as FullAnswer;
      expect(market).toMatchObject({ status: 'FILLED', executedQty: '1.00000000' });
      expect(market.fills).toEqual([expect.objectContaining({ price: '60000.01000000' })]);
      const resting = (
        await signed(sim.url, key, 'POST', '/api/v3/order', {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          price: '59000',
          quantity: '1',
        })
      ).body as FullAnswer;
      sim.setPrice('BTCUSDT', 58900);
      const after = await signed(sim.url, key, 'GET', '/api/v3/order', {
        symbol: 'BTCUSDT',
        orderId: String(resting.orderId),
      });
      expect(after.body).toMatchObject({ status: 'FILLED', executedQty: '1.00000000' });
    } finally {
      await sim.stop();
    }
  });
});
