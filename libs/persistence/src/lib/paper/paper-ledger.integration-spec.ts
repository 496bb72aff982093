import {
  type Balances,
  decText,
  type ExchangeOrder,
  InsufficientFundsError,
  InvalidOrderError,
  type MarketInfo,
  OrderNotFoundError,
  PaperExchangeClient,
  type PaperMarketSource,
  type Ticker,
} from '@platform/exchange';
import {
  createTestDatabase,
  type OrderStatus,
  seedBot,
  seedOrder,
  seedUser,
  type TestDatabase,
  waitFor,
} from '@platform/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { runMigrations } from '../migrate';
import { PaperLedgerRepository } from './paper-ledger.repository';

/*
 * The paper exchange over its Postgres ledger, on a real throwaway database. Every expected
 * balance is computed by hand in the comments (market BTC/USDT: tick 0.01, step 0.00000001,
 * taker fee 0.001, maker fee 0.0002, slippage 0.05 %) and compared as exact decimals.
 */

const SYMBOL = 'BTC/USDT';

const btc: MarketInfo = {
  symbol: SYMBOL,
  base: 'BTC',
  quote: 'USDT',
  active: true,
  amountStep: '0.00000001',
  priceStep: '0.01',
  minAmount: '0.0001',
  minNotional: '1',
  takerFee: '0.001',
  makerFee: '0.0002',
};

/** An in-memory market: fixed MarketInfo, a ticker the test moves. */
class FakeMarket implements PaperMarketSource {
  ticker: Ticker = {
    symbol: SYMBOL,
    last: '30000.05',
    bid: '30000.07',
    ask: '30000.1',
    timestamp: 1,
  };

  move(to: Partial<Ticker>) {
    this.ticker = { ...this.ticker, ...to };
  }

  async loadMarkets(): Promise<Record<string, MarketInfo>> {
    return { [SYMBOL]: btc };
  }

  async fetchTicker(symbol: string): Promise<Ticker> {
    if (symbol !== SYMBOL) throw new Error(`no ticker for ${symbol}`);
    return { ...this.ticker };
  }

  async fetchTickers(): Promise<Record<string, Ticker>> {
    return { [SYMBOL]: { ...this.ticker } };
  }

  async fetchCandles() {
    return [];
  }
}

/** Balances as exact decimal text (Postgres keeps a numeric's scale, e.g. "9.95376954670"). */
const norm = (balances: Balances) =>
  Object.fromEntries(
    Object.entries(balances).map(([asset, b]) => [
      asset,
      { free: decText(b.free), used: decText(b.used), total: decText(b.total) },
    ]),
  );

const bal = (free: string, used = '0', total?: string) => ({
  free,
  used,
  total: total ?? decText(free),
});

describe('PaperExchangeClient over PaperLedgerRepository (real PostgreSQL)', () => {
  let db: TestDatabase;
  // Two independent pools: two workers serving the same paper account.
  let dsA: DataSource;
  let dsB: DataSource;
  let sql: Client;
  let userId: string;
  let botCount = 0;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dsA = createDataSource({ url: db.url, poolSize: 12 });
    dsB = createDataSource({ url: db.url, poolSize: 12 });
    await Promise.all([dsA.initialize(), dsB.initialize()]);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    ({ id: userId } = await seedUser(sql));
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await Promise.all([dsA?.destroy(), dsB?.destroy()]);
    await db?.drop();
  });

  /** A fresh bot = a fresh paper account. */
  const newAccount = async (): Promise<string> =>
    (await seedBot(sql, { user: userId, name: `paper-${++botCount}`, state: 'stopped' })).id;

  const paperClient = (
    accountId: string,
    market: FakeMarket,
    ds: DataSource = dsA,
    initialBalances: Record<string, string> = { USDT: '100' },
  ) =>
    new PaperExchangeClient({
      exchangeId: 'binance',
      accountId,
      ledger: new PaperLedgerRepository(ds),
      market,
      initialBalances,
      slippagePct: 0.05,
    });

  const paperOrderCount = async (accountId: string, clientOrderId?: string) =>
    Number(
      (
        await sql.query(
          `SELECT count(*) AS n FROM paper_orders
            WHERE bot_id = $1 AND ($2::text IS NULL OR client_order_id = $2)`,
          [accountId, clientOrderId ?? null],
        )
      ).rows[0].n,
    );

  const buy = (clientOrderId: string, amount: string, price?: string) => ({
    symbol: SYMBOL,
    side: 'buy' as const,
    type: price === undefined ? ('market' as const) : ('limit' as const),
    amount,
    price,
    clientOrderId,
  });
  const sell = (clientOrderId: string, amount: string, price?: string) => ({
    ...buy(clientOrderId, amount, price),
    side: 'sell' as const,
  });

  const insertIntent = (accountId: string, clientOrderId: string, status: OrderStatus) =>
    seedOrder(sql, accountId, { clientOrderId, amount: '0.00012345', status });

  /**
   * Holds the account's balance rows locked from a third session while `fire` starts its calls,
   * waits until `waiters` of them are queued behind that lock, then lets them all go at once.
   * This makes the race real and deterministic instead of hoping for an interleaving.
   */
  async function throughGate<T>(
    accountId: string,
    waiters: number,
    fire: () => Promise<T>[],
  ): Promise<PromiseSettledResult<T>[]> {
    const gate = new Client({ connectionString: db.url });
    await gate.connect();
    try {
      await gate.query('BEGIN');
      await gate.query(`SELECT 1 FROM paper_balances WHERE bot_id = $1 FOR UPDATE`, [accountId]);
      const calls = fire();
      const settled = Promise.allSettled(calls);
      await waitFor(`${waiters} sessions waiting on the balance lock`, async () => {
        const { rows } = await sql.query(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return Number(rows[0].n) >= waiters;
      });
      await gate.query('COMMIT');
      return await settled;
    } finally {
      await gate.query('ROLLBACK').catch(() => undefined);
      await gate.end();
    }
  }

  it('a market buy then a market sell: balances after each exactly as computed by hand', async () => {
    const market = new FakeMarket();
    const accountId = await newAccount();
    const client = paperClient(accountId, market);
    expect(norm(await client.fetchBalance())).toEqual({ USDT: bal('100') });

    // buy 0.00212345 at ceil(30000.1 x 1.0005, 0.01) = 30015.11
    // cost = 0.00212345 x 30015.11 = 63.7355853295 USDT -> USDT 100 - 63.7355853295 = 36.2644146705
    // fee  = 0.00212345 x 0.001 = 0.00000212345 BTC -> BTC 0.00212345 - 0.00000212345 = 0.00212132655
    const bought = await client.createOrder(buy('rt-buy', '0.00212345'));
    expect(bought).toMatchObject({
      clientOrderId: 'rt-buy',
      symbol: SYMBOL,
      side: 'buy',
      type: 'market',
      status: 'closed',
      amount: '0.00212345',
      filled: '0.00212345',
      price: null,
      average: '30015.11',
    });
    // paper ids never look like an exchange's plain numbers
    expect(bought.id).toMatch(/^paper-\d+$/);
    expect(bought.fills).toEqual([
      {
        id: bought.id,
        price: '30015.11',
        amount: '0.00212345',
        fee: '0.00000212345',
        feeCurrency: 'BTC',
        timestamp: expect.any(Number),
      },
    ]);
    expect(norm(await client.fetchBalance())).toEqual({
      USDT: bal('36.2644146705'),
      BTC: bal('0.00212132655'),
    });

    // the market rises; sell everything the step allows: 0.00212132 (0.00000000655 stays)
    // at floor(31000.07 x 0.9995, 0.01) = floor(30984.569965) = 30984.56
    // cost = 0.00212132 x 30984.56 = 65.7281668192; fee = 65.7281668192 x 0.001 = 0.0657281668192
    // USDT = 36.2644146705 + 65.7281668192 - 0.0657281668192 = 101.9268533228808
    market.move({ bid: '31000.07', ask: '31000.1', last: '31000.08' });
    const sold = await client.createOrder(sell('rt-sell', '0.00212132'));
    expect(sold).toMatchObject({ status: 'closed', filled: '0.00212132', average: '30984.56' });
    expect(sold.fills[0]).toMatchObject({ fee: '0.0657281668192', feeCurrency: 'USDT' });
    expect(norm(await client.fetchBalance())).toEqual({
      USDT: bal('101.9268533228808'),
      BTC: bal('0.00000000655'),
    });
    expect(await paperOrderCount(accountId)).toBe(2);
  });

  it('fetchOrder finds an order by clientOrderId and by id, only in its account and symbol', async () => {
    const market = new FakeMarket();
    const accountId = await newAccount();
    const client = paperClient(accountId, market);
    const placed = await client.createOrder(buy('find-1', '0.00012345'));
    expect(placed.id).toMatch(/^paper-\d+$/);

    expect(await client.fetchOrder({ clientOrderId: 'find-1' }, SYMBOL)).toEqual(placed);
    expect(await client.fetchOrder({ id: placed.id }, SYMBOL)).toEqual(placed);

    await expect(client.fetchOrder({ id: placed.id }, 'ETH/USDT')).rejects.toBeInstanceOf(
      OrderNotFoundError,
    );
    await expect(client.fetchOrder({ clientOrderId: 'nope' }, SYMBOL)).rejects.toBeInstanceOf(
      OrderNotFoundError,
    );
    await expect(client.fetchOrder({ id: '987654321' }, SYMBOL)).rejects.toBeInstanceOf(
      OrderNotFoundError,
    );
    await expect(client.fetchOrder({ id: 'not-a-number' }, SYMBOL)).rejects.toBeInstanceOf(
      OrderNotFoundError,
    );
    // another paper account does not see it
    const other = paperClient(await newAccount(), market);
    await expect(other.fetchOrder({ id: placed.id }, SYMBOL)).rejects.toBeInstanceOf(
      OrderNotFoundError,
    );
    await expect(other.fetchOrder({ clientOrderId: 'find-1' }, SYMBOL)).rejects.toBeInstanceOf(
      OrderNotFoundError,
    );
  });

  it('the same clientOrderId placed twice in a row: one paper order, the balance moved once', async () => {
    const market = new FakeMarket();
    const accountId = await newAccount();
    const client = paperClient(accountId, market);
    // cost = 0.00012345 x 30015.11 = 3.7053653295 -> USDT 96.2946346705
    const first = await client.createOrder(buy('dup-seq', '0.00012345'));
    const second = await client.createOrder(buy('dup-seq', '0.00012345'));
    expect(second).toEqual(first);
    expect(await paperOrderCount(accountId, 'dup-seq')).toBe(1);
    expect(norm(await client.fetchBalance())).toEqual({
      USDT: bal('96.2946346705'),
      BTC: bal('0.00012332655'),
    });
  });

  it('the same clientOrderId placed concurrently (Promise.all, two workers): one order, balance moved once', async () => {
    const market = new FakeMarket();
    const accountId = await newAccount();
    const a = paperClient(accountId, market, dsA);
    const b = paperClient(accountId, market, dsB);
    const results = await Promise.all(
      [a, b, a, b, a, b].map((c) => c.createOrder(buy('dup-conc', '0.00012345'))),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await paperOrderCount(accountId, 'dup-conc')).toBe(1);
    expect(norm(await a.fetchBalance())).toEqual({
      USDT: bal('96.2946346705'),
      BTC: bal('0.00012332655'),
    });
  });

  it('the same clientOrderId placed concurrently when the balance covers it only once: every call gets the one order', async () => {
    // The order costs 63.7355853295 of 100 USDT. Two workers send the same intent at the same
    // moment (both queued on the balance lock). As on an exchange, the duplicate must get the
    // order that was placed, not an InsufficientFundsError for an order that did go through.
    const market = new FakeMarket();
    const accountId = await newAccount();
    const a = paperClient(accountId, market, dsA);
    const b = paperClient(accountId, market, dsB);
    await Promise.all([a.fetchBalance(), b.fetchBalance()]); // account opened
    const settled = await throughGate(accountId, 2, () => [
      a.createOrder(buy('dup-big', '0.00212345')),
      b.createOrder(buy('dup-big', '0.00212345')),
    ]);

    // nothing was written twice whatever the callers were told
    expect(await paperOrderCount(accountId, 'dup-big')).toBe(1);
    expect(norm(await a.fetchBalance())).toEqual({
      USDT: bal('36.2644146705'),
      BTC: bal('0.00212132655'),
    });
    const reasons = settled.flatMap((s) =>
      s.status === 'rejected'
        ? [`${(s.reason as Error).name}: ${(s.reason as Error).message}`]
        : [],
    );
    expect(reasons).toEqual([]);
    const ids = settled.map((s) => (s.status === 'fulfilled' ? s.value.id : null));
    expect(ids[0]).toBe(ids[1]);
  }, 30_000);

  it('20 concurrent market buys costing more than the balance: exactly the affordable ones succeed', async () => {
    // each: 0.00100001 x 30015.11 = 30.0154101511 USDT; 100 / 30.0154101511 = 3.33 -> 3 fit
    // USDT left = 100 - 3 x 30.0154101511 = 9.9537695467
    // BTC = 3 x (0.00100001 - 0.00000100001) = 3 x 0.00099900999 = 0.00299702997
    const market = new FakeMarket();
    const accountId = await newAccount();
    const a = paperClient(accountId, market, dsA);
    const b = paperClient(accountId, market, dsB);
    await Promise.all([a.fetchBalance(), b.fetchBalance()]);
    const settled = await throughGate(accountId, 20, () =>
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).createOrder(buy(`many-${i}`, '0.00100001')),
      ),
    );

    const ok = settled.filter(
      (s): s is PromiseFulfilledResult<ExchangeOrder> => s.status === 'fulfilled',
    );
    const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(ok).toHaveLength(3);
    expect(failed).toHaveLength(17);
    for (const f of failed) expect(f.reason).toBeInstanceOf(InsufficientFundsError);
    for (const o of ok) expect(o.value).toMatchObject({ status: 'closed', average: '30015.11' });

    expect(norm(await a.fetchBalance())).toEqual({
      USDT: bal('9.9537695467'),
      BTC: bal('0.00299702997'),
    });
    expect(await paperOrderCount(accountId)).toBe(3);
    const { rows } = await sql.query(
      `SELECT bool_and(free >= 0 AND used >= 0) AS ok,
              (SELECT sum(amount * average) FROM paper_orders WHERE bot_id = $1)::text AS spent
         FROM paper_balances WHERE bot_id = $1`,
      [accountId],
    );
    expect(rows[0].ok).toBe(true);
    expect(decText(rows[0].spent)).toBe('90.0462304533'); // 100 - 9.9537695467
  }, 30_000);

  it('a resting limit buy locks its quote and fills via fetchOrder once the ticker reaches its price', async () => {
    const market = new FakeMarket();
    const accountId = await newAccount();
    const client = paperClient(accountId, market);
    // locked = 0.00012345 x 29000.01 = 3.5800512345 -> free 96.4199487655
    const placed = await client.createOrder(buy('lim-buy', '0.00012345', '29000.01'));
    expect(placed).toMatchObject({ status: 'open', filled: '0', average: null, price: '29000.01' });
    expect(placed.fills).toEqual([]);
    const locked = { USDT: bal('96.4199487655', '3.5800512345', '100') };
    expect(norm(await client.fetchBalance())).toEqual(locked);

    // the market is still above: nothing happens on a look
    expect((await client.fetchOrder({ id: placed.id }, SYMBOL)).status).toBe('open');
    const open = await client.fetchOpenOrders(SYMBOL);
    expect(open.map((o) => o.id)).toEqual([placed.id]);
    expect(await client.fetchOpenOrders('ETH/USDT')).toEqual([]);
    expect(norm(await client.fetchBalance())).toEqual(locked);

    // last reaches 29000.01: fills at 29000.01 as maker
    // fee = 0.00012345 x 0.0002 = 0.00000002469 BTC -> BTC 0.00012342531
    market.move({ last: '29000.01', bid: '29000', ask: '29000.02' });
    const filled = await client.fetchOrder({ clientOrderId: 'lim-buy' }, SYMBOL);
    expect(filled).toMatchObject({
      id: placed.id,
      status: 'closed',
      filled: '0.00012345',
      average: '29000.01',
    });
    expect(filled.fills).toEqual([
      expect.objectContaining({ price: '29000.01', fee: '0.00000002469', feeCurrency: 'BTC' }),
    ]);
    const after = { USDT: bal('96.4199487655'), BTC: bal('0.00012342531') };
    expect(norm(await client.fetchBalance())).toEqual(after);
    expect(await client.fetchOpenOrders()).toEqual([]);
    // looking again changes nothing
    expect(await client.fetchOrder({ id: placed.id }, SYMBOL)).toEqual(filled);
    expect(norm(await client.fetchBalance())).toEqual(after);
  });

  it('a resting limit sell fills via fetchOpenOrders, exactly once under concurrent looks', async () => {
    const market = new FakeMarket();
    const accountId = await newAccount();
    const a = paperClient(accountId, market, dsA, { BTC: '0.001', USDT: '0' });
    const b = paperClient(accountId, market, dsB, { BTC: '0.001', USDT: '0' });
    // locked 0.00012345 BTC -> free 0.00087655
    const placed = await a.createOrder(sell('lim-sell', '0.00012345', '31000.03'));
    expect(placed.status).toBe('open');
    expect(norm(await a.fetchBalance())).toEqual({
      BTC: bal('0.00087655', '0.00012345', '0.001'),
      USDT: bal('0'),
    });
    market.move({ last: '31000.02' });
    expect((await a.fetchOpenOrders()).map((o) => o.id)).toEqual([placed.id]);

    // through the price: fills at 31000.03 (not 31000.5) as maker
    // cost = 0.00012345 x 31000.03 = 3.8269537035; fee = x 0.0002 = 0.0007653907407 USDT
    // USDT = 3.8269537035 - 0.0007653907407 = 3.8261883127593
    market.move({ last: '31000.5', bid: '31000.49', ask: '31000.51' });
    const [openA, openB] = await Promise.all([
      a.fetchOpenOrders(SYMBOL),
      b.fetchOpenOrders(SYMBOL),
      a.fetchOrder({ id: placed.id }, SYMBOL),
      b.fetchOrder({ clientOrderId: 'lim-sell' }, SYMBOL),
    ]);
    expect(openA).toEqual([]);
    expect(openB).toEqual([]);
    const filled = await b.fetchOrder({ id: placed.id }, SYMBOL);
    expect(filled).toMatchObject({ status: 'closed', average: '31000.03', filled: '0.00012345' });
    expect(filled.fills[0]).toMatchObject({ fee: '0.0007653907407', feeCurrency: 'USDT' });
    expect(norm(await a.fetchBalance())).toEqual({
      BTC: bal('0.00087655'),
      USDT: bal('3.8261883127593'),
    });
  });

  it('cancelOrder releases the locked funds; a canceled order neither fills nor cancels again', async () => {
    const market = new FakeMarket();
    const accountId = await newAccount();
    const client = paperClient(accountId, market);
    const placed = await client.createOrder(buy('cancel-1', '0.00012345', '29000.01'));
    expect(norm(await client.fetchBalance())).toEqual({
      USDT: bal('96.4199487655', '3.5800512345', '100'),
    });

    const canceled = await client.cancelOrder(placed.id, SYMBOL);
    expect(canceled).toMatchObject({
      id: placed.id,
      status: 'canceled',
      filled: '0',
      average: null,
    });
    expect(norm(await client.fetchBalance())).toEqual({ USDT: bal('100') });
    expect(await client.fetchOpenOrders()).toEqual([]);

    market.move({ last: '28000', bid: '27999.99', ask: '28000.01' });
    expect((await client.fetchOrder({ id: placed.id }, SYMBOL)).status).toBe('canceled');
    expect(norm(await client.fetchBalance())).toEqual({ USDT: bal('100') });

    await expect(client.cancelOrder(placed.id, SYMBOL)).rejects.toBeInstanceOf(OrderNotFoundError);
    await expect(client.cancelOrder('987654321', SYMBOL)).rejects.toBeInstanceOf(
      OrderNotFoundError,
    );
    const closed = await client.createOrder(buy('cancel-closed', '0.00012345'));
    await expect(client.cancelOrder(closed.id, SYMBOL)).rejects.toBeInstanceOf(OrderNotFoundError);
    // that market buy: ceil(28000.01 x 1.0005 = 28014.010005) = 28014.02;
    // cost = 0.00012345 x 28014.02 = 3.458330769 -> USDT 100 - 3.458330769 = 96.541669231
    expect(norm(await client.fetchBalance())).toEqual({
      USDT: bal('96.541669231'),
      BTC: bal('0.00012332655'),
    });
  });

  it('book depth: a market buy walks the quoted touch in slices, each a trade of its own', async () => {
    const market = new FakeMarket();
    market.move({ askQty: '0.0001', bidQty: '0.0001' });
    const accountId = await newAccount();
    const client = paperClient(accountId, market);
    // 0.0001 at 30015.11, 0.0001 at 30030.11, 0.00005 at 30045.11 (a slippage step each):
    // cost 3.001511 + 3.003011 + 1.5022555 = 7.5067775; fee 0.00000025 BTC
    const placed = await client.createOrder(buy('walk', '0.00025'));
    expect(placed).toMatchObject({ status: 'closed', filled: '0.00025', average: '30027.11' });
    const fills = await client.fetchOrderFills(placed.id, SYMBOL);
    expect(fills.map((f) => [f.id, f.amount, f.price])).toEqual([
      [placed.id, '0.0001', '30015.11'],
      [`${placed.id}-2`, '0.0001', '30030.11'],
      [`${placed.id}-3`, '0.00005', '30045.11'],
    ]);
    expect(norm(await client.fetchBalance())).toEqual({
      USDT: bal('92.4932225'),
      BTC: bal('0.00024975'),
    });
  });

  it('book depth: a resting buy fills a slice per ticker; cancelled, it keeps its fills', async () => {
    const market = new FakeMarket();
    const accountId = await newAccount();
    const a = paperClient(accountId, market, dsA);
    const b = paperClient(accountId, market, dsB);
    // 0.0003 at 29000 locks 8.7 USDT
    const placed = await a.createOrder(buy('slices', '0.0003', '29000'));
    market.move({
      last: '29000',
      bid: '28999.99',
      ask: '29000.01',
      askQty: '0.0001',
      timestamp: 2,
    });
    // two workers look at once: one slice for this ticker, not two
    await Promise.all([a.fetchOrder({ id: placed.id }, SYMBOL), b.fetchOpenOrders(SYMBOL)]);
    expect(await a.fetchOrder({ id: placed.id }, SYMBOL)).toMatchObject({
      status: 'open',
      filled: '0.0001',
    });
    market.move({ timestamp: 3 });
    const twice = await b.fetchOrder({ id: placed.id }, SYMBOL);
    expect(twice).toMatchObject({ status: 'open', filled: '0.0002', average: '29000' });
    expect(twice.fills.map((f) => [f.id, f.amount])).toEqual([
      [placed.id, '0.0001'],
      [`${placed.id}-2`, '0.0001'],
    ]);

    const canceled = await a.cancelOrder(placed.id, SYMBOL);
    expect(canceled).toMatchObject({ status: 'canceled', filled: '0.0002', average: '29000' });
    expect(canceled.fills).toHaveLength(2);
    // paid 0.0002 x 29000 = 5.8 of the 8.7 locked; the rest's 2.9 back: free 94.2
    // BTC: 0.0002 - maker fee 0.0002 x 0.0002 = 0.00019996
    expect(norm(await a.fetchBalance())).toEqual({ USDT: bal('94.2'), BTC: bal('0.00019996') });
  });

  it('the intent guard: an intent no longer pending is refused and nothing is written', async () => {
    const market = new FakeMarket();
    const accountId = await newAccount();
    const client = paperClient(accountId, market);

    await insertIntent(accountId, 'intent-rejected', 'rejected');
    const error = await client.createOrder(buy('intent-rejected', '0.00012345')).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidOrderError);
    expect(error.message).toContain('rejected');
    expect(await paperOrderCount(accountId, 'intent-rejected')).toBe(0);
    expect(norm(await client.fetchBalance())).toEqual({ USDT: bal('100') });
    const { rows } = await sql.query(`SELECT status FROM orders WHERE client_order_id = $1`, [
      'intent-rejected',
    ]);
    expect(rows).toEqual([{ status: 'rejected' }]);

    // a pending intent ('intent', also 'unknown') may be placed
    await insertIntent(accountId, 'intent-pending', 'intent');
    const placed = await client.createOrder(buy('intent-pending', '0.00012345'));
    expect(placed.status).toBe('closed');
    await insertIntent(accountId, 'intent-unknown', 'unknown');
    expect((await client.createOrder(buy('intent-unknown', '0.00012345'))).status).toBe('closed');
    expect(await paperOrderCount(accountId)).toBe(2);
    // 100 - 2 x 3.7053653295 = 92.589269341; BTC 2 x 0.00012332655 = 0.0002466531
    expect(norm(await client.fetchBalance())).toEqual({
      USDT: bal('92.589269341'),
      BTC: bal('0.0002466531'),
    });
  });

  it('orders the filters refuse write nothing', async () => {
    const market = new FakeMarket();
    const accountId = await newAccount();
    const client = paperClient(accountId, market);
    await expect(client.createOrder(buy('bad-step', '0.000123455'))).rejects.toBeInstanceOf(
      InvalidOrderError,
    );
    await expect(
      client.createOrder({ ...buy('bad-symbol', '0.001'), symbol: 'ETH/USDT' }),
    ).rejects.toBeInstanceOf(InvalidOrderError);
    await expect(client.createOrder(buy('too-much', '1'))).rejects.toBeInstanceOf(
      InsufficientFundsError,
    );
    expect(await paperOrderCount(accountId)).toBe(0);
    expect(norm(await client.fetchBalance())).toEqual({ USDT: bal('100') });
  });

  it('the CHECK constraint refuses a plan that would overdraw, and nothing is written', async () => {
    const accountId = await newAccount();
    const ledger = new PaperLedgerRepository(dsA);
    await ledger.open(accountId, { USDT: '100' });
    const error = await ledger
      .place(accountId, 'overdraw', () => ({
        order: {
          clientOrderId: 'overdraw',
          symbol: SYMBOL,
          side: 'buy',
          type: 'market',
          amount: '0.01',
          price: null,
          status: 'closed',
          filled: '0.01',
          average: '30000',
          fee: '0',
          feeCurrency: null,
          fills: [],
        },
        changes: [
          { asset: 'USDT', free: '-300', used: '0' },
          { asset: 'BTC', free: '0.01', used: '0' },
        ],
      }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(InsufficientFundsError);
    expect(await paperOrderCount(accountId)).toBe(0);
    expect(norm(await ledger.balances(accountId))).toEqual({ USDT: bal('100') });
  });

  it('open() does not reset an existing account', async () => {
    const market = new FakeMarket();
    const accountId = await newAccount();
    const client = paperClient(accountId, market);
    await client.createOrder(buy('keep-1', '0.00012345'));
    await client.createOrder(buy('keep-2', '0.00012345', '29000.01'));
    // 100 - 3.7053653295 - 3.5800512345 (locked) = 92.714583436
    const expected = {
      USDT: bal('92.714583436', '3.5800512345', '96.2946346705'),
      BTC: bal('0.00012332655'),
    };
    expect(norm(await client.fetchBalance())).toEqual(expected);

    // a restarted worker (new client, other pool) with other start balances
    const restarted = paperClient(accountId, market, dsB, { USDT: '5000', ETH: '7' });
    expect(norm(await restarted.fetchBalance())).toEqual(expected);
    await new PaperLedgerRepository(dsA).open(accountId, { USDT: '100', BTC: '1' });
    expect(norm(await client.fetchBalance())).toEqual(expected);
    expect((await restarted.fetchOpenOrders()).map((o) => o.clientOrderId)).toEqual(['keep-2']);
  });
});
