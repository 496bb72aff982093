import type { ExchangeClient, ExchangeOrder } from '../client/exchange-client';
import { InvalidOrderError, OrderNotFoundError } from '../errors/exchange.errors';

/** One exchange client under test, on a market it can trade, with a known quote balance. */
export interface ContractSubject {
  client: ExchangeClient;
  symbol: string;
  /** About the market's last price. */
  price: number;
  /** The quote asset and its free balance when the account starts. */
  quote: { asset: string; free: string };
  close?(): Promise<void>;
}

/**
 * What every ExchangeClient promises the engine, as shared test cases (the way hummingbot's
 * connector tests are run against each connector): call it inside a spec file with a factory
 * that opens a fresh account.
 */
export function exchangeClientContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`ExchangeClient contract: ${name}`, () => {
    let s: ContractSubject;
    let bought: ExchangeOrder;
    const limitBuy = (clientOrderId: string) =>
      s.client.createOrder({
        symbol: s.symbol,
        side: 'buy',
        type: 'limit',
        amount: '0.01',
        price: String(Math.round(s.price * 0.8)), // far below the market: it rests
        clientOrderId,
      });

    beforeAll(async () => {
      s = await open();
    });
    afterAll(async () => {
      await s?.close?.();
    });

    it('loads markets with steps and fees as decimals', async () => {
      const market = (await s.client.loadMarkets())[s.symbol];
      expect(market).toMatchObject({ symbol: s.symbol, active: true });
      expect(Number(market.amountStep)).toBeGreaterThan(0);
      expect(market.takerFee).toMatch(/^\d+(\.\d+)?$/);
    });

    it('reads the ticker and the last candles, oldest first, as decimal text', async () => {
      const ticker = await s.client.fetchTicker(s.symbol);
      expect(Number(ticker.last)).toBeCloseTo(s.price, -3);
      const candles = await s.client.fetchCandles(s.symbol, '1m', 5);
      expect(candles).toHaveLength(5);
      expect(candles.every(([, ...values]) => values.every((v) => typeof v === 'string'))).toBe(
        true,
      );
      expect(candles[4][0]).toBeGreaterThan(candles[0][0]);
    });

    it('reads the balance', async () => {
      expect((await s.client.fetchBalance())[s.quote.asset]).toMatchObject({
        free: s.quote.free,
      });
    });

    it('fills a market buy carrying our client order id, with its fills', async () => {
      bought = await s.client.createOrder({
        symbol: s.symbol,
        side: 'buy',
        type: 'market',
        amount: '0.01',
        clientOrderId: 'contract-1-buy',
      });
      expect(bought).toMatchObject({ clientOrderId: 'contract-1-buy', status: 'closed' });
      expect(bought.filled).toBe('0.01');
      expect(bought.fills.length).toBeGreaterThan(0);
    });

    it('finds an order by client order id and by id', async () => {
      const byClientId = await s.client.fetchOrder({ clientOrderId: 'contract-1-buy' }, s.symbol);
      expect(byClientId.id).toBe(bought.id);
      const byId = await s.client.fetchOrder({ id: bought.id }, s.symbol);
      expect(byId).toMatchObject({ clientOrderId: 'contract-1-buy', status: 'closed' });
    });

    it('an order never sent is OrderNotFoundError', async () => {
      await expect(
        s.client.fetchOrder({ clientOrderId: 'contract-never-sent' }, s.symbol),
      ).rejects.toBeInstanceOf(OrderNotFoundError);
    });

    it('rests a limit order, lists it as open, and cancels it', async () => {
      const order = await limitBuy('contract-2-rest');
      expect(order.status).toBe('open');
      const open = await s.client.fetchOpenOrders(s.symbol);
      expect(open.map((o) => o.clientOrderId)).toContain('contract-2-rest');
      expect((await s.client.cancelOrder(order.id, s.symbol)).status).toBe('canceled');
      expect(await s.client.fetchOpenOrders(s.symbol)).toEqual([]);
    });

    it('a second order with the client order id of an open one never makes a second order', async () => {
      const first = await limitBuy('contract-3-dup');
      const second = await limitBuy('contract-3-dup').catch((error: unknown) => error);
      // refused (Binance: duplicate order) or answered with the first (paper): never a second
      if (second instanceof Error) expect(second).toBeInstanceOf(InvalidOrderError);
      else expect(second).toMatchObject({ id: first.id });
      const open = await s.client.fetchOpenOrders(s.symbol);
      expect(open.filter((o) => o.clientOrderId === 'contract-3-dup')).toHaveLength(1);
      await s.client.cancelOrder(first.id, s.symbol);
    });

    it('lists the orders placed since a time, whatever their state', async () => {
      const since = await s.client.fetchOrdersSince(s.symbol, bought.timestamp);
      const ids = since.map((o) => o.clientOrderId);
      expect(ids).toEqual(expect.arrayContaining(['contract-1-buy', 'contract-2-rest']));
      const later = await s.client.fetchOrdersSince(s.symbol, bought.timestamp + 3_600_000);
      expect(later).toEqual([]);
    });
  });
}
