import type { LiveEvent } from '@platform/contracts';
import {
  type PlaceOrderRequest,
  Dec,
  type ExchangeClient,
  floorToStep,
  InvalidOrderError,
  type MarketInfo,
  PaperExchangeClient,
} from '@platform/exchange';
import {
  BotActionsStore,
  type BotActionKind,
  type Claim,
  createDataSource,
  FencedWriter,
  PaperLedgerRepository,
  runMigrations,
  sqlOver,
  TradingRepository,
} from '@platform/persistence';
import type { LivePublisher } from '@platform/service-kit';
import { getStrategy, validateBotParams } from '@platform/strategies';
import {
  btcUsdtMarket,
  createTestDatabase,
  seedBot,
  seedUser,
  type TestDatabase,
  waitFor,
} from '@platform/testing';
import type { DataSource } from 'typeorm';
import { BotEngine } from './bot-engine';
import type { MarketView } from './market-hub';
import { handMovedMarket } from '../test-support/hand-moved-market';

const market: MarketInfo = btcUsdtMarket;
const GRID = { lowerPrice: 29_000, upperPrice: 31_000, levels: 5, basePerLevel: 0.002 };
const DCA = { quotePerBuy: 100, intervalSeconds: 3600, takeProfitPct: 50 };

/** A worker that dies between intent and send (nothing sent), or between send and record. */
type Death = 'before-send' | 'after-send';

// The users' manual actions carried out by the engine on the paper exchange, recording in a
// real Postgres: cancel the open orders; sell everything and stop, through the same
// intent-before-order path as every order, so that neither asking twice nor an owner dying
// mid-order (and another taking over) ever sells twice.
describe('manual actions in the engine (paper)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let writer: FencedWriter;
  let repo: TradingRepository;
  let actions: BotActionsStore;
  let price = 30_000;
  const published: LiveEvent[] = [];
  const live = { publish: (_user: string, event: LiveEvent) => published.push(event) };

  const { ticker, source } = handMovedMarket(() => price);
  const view = (): MarketView => ({
    feed: { exchangeId: 'binance', symbol: 'BTC/USDT', timeframe: '1m' },
    ticker: ticker(),
    tickerAt: Date.now(),
    candles: [],
  });
  const sql = <T = Record<string, string>>(text: string, params: unknown[] = []) =>
    dataSource.query(text, params) as Promise<T[]>;

  const paperClient = (botId: string) =>
    new PaperExchangeClient({
      exchangeId: 'binance',
      accountId: botId,
      ledger: new PaperLedgerRepository(dataSource),
      market: source,
      slippagePct: 0,
      initialBalances: { USDT: '1000' },
    });

  /** The client of an owner that dies at `death` on its next order: its call never returns. */
  const dying = (client: ExchangeClient, death: Death): ExchangeClient =>
    new Proxy(client, {
      get(target, property, receiver) {
        if (property !== 'createOrder') return Reflect.get(target, property, receiver);
        return async (request: PlaceOrderRequest) => {
          if (death === 'after-send') await target.createOrder(request);
          return new Promise<never>(() => undefined);
        };
      },
    });

  /** An engine of the bot's owner `claim`, as a runtime builds it from what Postgres holds. */
  const engineOf = async (claim: Claim, client: ExchangeClient) => {
    const bot = (await repo.loadBot(claim.botId))!;
    const validation = validateBotParams(bot.config.strategy, bot.config.params, 'paper');
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    return new BotEngine({
      claim,
      bot,
      exchange: { client, lateOrderWindowMs: 0, lookupUnderLock: true },
      strategy: getStrategy(bot.config.strategy)!,
      params: validation.params,
      repo,
      marketOf: async () => market,
      settings: { staleAfterMs: 10_000, orderPollMs: 0, workerId: 'worker-1' },
      mayStillSend: () => true,
      live: live as unknown as LivePublisher,
    });
  };

  const paperBot = async (strategy: 'grid' | 'dca', params: object) => {
    const bot = await seedBot(dataSource, {
      user: await seedUser(dataSource),
      strategy,
      params: { ...params, risk: { paperQuoteBalance: 1000 } },
      state: 'running',
    });
    const claim = (await writer.claim(bot.id, 'worker-1', 'host'))!;
    return { botId: bot.id, claim };
  };

  /** The user asks (as the gateway records it); the owner hears of it (as the supervisor tells it). */
  const ask = async (engine: BotEngine, botId: string, kind: BotActionKind) => {
    const { action } = await sqlOver(dataSource).transaction((tx) =>
      actions.request(tx, botId, kind),
    );
    expect(engine.requestActions([action.id])).toBe(true);
    return action.id;
  };
  const actionRow = async (actionId: string) =>
    (
      await sql(
        `SELECT status, result, order_id, fence_token::text FROM bot_actions WHERE id = $1`,
        [actionId],
      )
    )[0];
  const ordersOf = (botId: string) =>
    sql(
      `SELECT id, client_order_id, side, type, status, signal, amount::text, filled::text
         FROM orders WHERE bot_id = $1 ORDER BY created_at, id`,
      [botId],
    );
  const paperMarketSells = async (botId: string) =>
    sql(
      `SELECT client_order_id, amount::text, status FROM paper_orders
          WHERE bot_id = $1 AND side = 'sell' AND type = 'market' ORDER BY id`,
      [botId],
    );
  const balances = async (botId: string) =>
    Object.fromEntries(
      (
        await sql<{ asset: string; free: string; used: string }>(
          `SELECT asset, free::text, used::text FROM paper_balances WHERE bot_id = $1`,
          [botId],
        )
      ).map((b) => [b.asset, { free: new Dec(b.free).toFixed(), used: new Dec(b.used).toFixed() }]),
    );
  const positionOf = async (botId: string) =>
    new Dec(
      (await sql(`SELECT base_amount::text FROM bot_positions WHERE bot_id = $1`, [botId]))[0]
        ?.base_amount ?? '0',
    ).toFixed();
  /** What a sell of everything held sells (the market's step), and the rest it leaves. */
  const sellOf = (held: string) => {
    const sold = floorToStep(held, market.amountStep).toFixed();
    return { sold, left: new Dec(held).minus(sold).toFixed() };
  };
  const dustText = (left: string) =>
    `${left} BTC left (less than the market's amount step ${market.amountStep})`;
  const desiredState = async (botId: string) =>
    (await sql(`SELECT desired_state FROM bots WHERE id = $1`, [botId]))[0].desired_state;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    writer = new FencedWriter(dataSource);
    repo = new TradingRepository(dataSource, writer);
    actions = new BotActionsStore(sqlOver(dataSource));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  beforeEach(() => {
    price = 30_000;
    published.length = 0;
  });

  it("cancels a running grid bot's open orders at the exchange, records and announces each; the bot trades on", async () => {
    const { botId, claim } = await paperBot('grid', GRID);
    const engine = await engineOf(claim, paperClient(botId));
    await engine.evaluate(view());
    expect((await ordersOf(botId)).map((o) => o.status)).toEqual(['open', 'open']);
    expect(await balances(botId)).toEqual({ USDT: { free: '883', used: '117' } });
    published.length = 0;

    const actionId = await ask(engine, botId, 'cancel_orders');
    await engine.evaluate(view());

    expect((await ordersOf(botId)).map((o) => o.status)).toEqual(['canceled', 'canceled']);
    expect(await balances(botId)).toEqual({ USDT: { free: '1000', used: '0' } });
    expect(await actionRow(actionId)).toEqual({
      status: 'done',
      result: 'cancelled 2 open orders',
      order_id: null,
      fence_token: claim.fenceToken,
    });
    expect(
      published.filter((e) => e.type === 'order').map((e) => e.type === 'order' && e.status),
    ).toEqual(['canceled', 'canceled']);
    expect(published.at(-1)).toMatchObject({
      type: 'bot.status',
      botId,
      status: 'running',
      workerId: 'worker-1',
      reason: 'cancelled 2 open orders',
    });
    const [done] = await sql(
      `SELECT fence_token::text, message, data FROM bot_events WHERE bot_id = $1 AND type = 'action.done'`,
      [botId],
    );
    expect(done).toEqual({
      fence_token: claim.fenceToken,
      message: 'cancelled 2 open orders',
      data: { actionId, kind: 'cancel_orders' },
    });
    expect(await desiredState(botId)).toBe('running');

    // done is done: the same id again changes nothing; the strategy places its orders again
    expect(engine.requestActions([actionId])).toBe(false);
    await engine.evaluate(view());
    expect((await ordersOf(botId)).filter((o) => o.status === 'open')).toHaveLength(2);
  });

  it('sells all and stops: the open orders cancelled, the position sold once at the market, the bot stopped', async () => {
    const { botId, claim } = await paperBot('grid', GRID);
    const engine = await engineOf(claim, paperClient(botId));
    await engine.evaluate(view());
    price = 29_400; // the 29,500 buy fills; a sell rests above, the 29,000 buy still rests
    await engine.evaluate(view());
    await engine.evaluate(view());
    const held = await positionOf(botId);
    expect(Number(held)).toBeGreaterThan(0);
    const resting = (await ordersOf(botId)).filter((o) => o.status === 'open');
    expect(resting.length).toBeGreaterThan(0);

    const actionId = await ask(engine, botId, 'liquidate');
    for (let i = 0; i < 3; i++) await engine.evaluate(view());

    const orders = await ordersOf(botId);
    expect(orders.filter((o) => o.status === 'open')).toEqual([]);
    const { sold, left } = sellOf(held);
    const sells = orders.filter((o) => o.signal === 'liquidate');
    expect(sells).toEqual([
      expect.objectContaining({
        side: 'sell',
        type: 'market',
        status: 'filled',
        amount: sold,
        filled: sold,
      }),
    ]);
    expect(await paperMarketSells(botId)).toEqual([
      expect.objectContaining({ client_order_id: sells[0].client_order_id, status: 'closed' }),
    ]);
    expect(await positionOf(botId)).toBe(left);
    expect((await balances(botId))['BTC']).toEqual({ free: left, used: '0' });
    expect(await desiredState(botId)).toBe('stopped');
    const row = await actionRow(actionId);
    expect(row).toMatchObject({ status: 'done', order_id: sells[0].id });
    expect(row.result).toBe(
      `sold ${sold} BTC, cancelled ${resting.length} open orders, ${dustText(left)}; the bot is stopped`,
    );
    expect(published.at(-1)).toMatchObject({
      type: 'bot.status',
      status: 'stopping',
      reason: row.result,
    });
    // stopped: the strategy trades no more on this engine, however often it is evaluated
    price = 28_900;
    for (let i = 0; i < 3; i++) await engine.evaluate(view());
    expect(await ordersOf(botId)).toHaveLength(orders.length);
  });

  it.each<[Death, string]>([
    ['before-send', 'proves the intent never reached the exchange and sells once itself'],
    ['after-send', 'finds the sell its predecessor placed by its client order id: no second sell'],
  ])('owner A dies %s; owner B %s', async (death) => {
    const { botId, claim } = await paperBot('dca', DCA);
    const a = await engineOf(claim, paperClient(botId));
    await a.evaluate(view()); // the first DCA buy
    const held = await positionOf(botId);
    expect(Number(held)).toBeGreaterThan(0);

    // A goes on with a client that never answers its next order: the worker dies there
    const dyingA = await engineOf(claim, dying(paperClient(botId), death));
    const actionId = await ask(dyingA, botId, 'liquidate');
    void dyingA.evaluate(view());
    await waitFor('the sell intent of A', async () =>
      (await ordersOf(botId)).some((o) => o.signal === 'liquidate'),
    );
    if (death === 'after-send')
      await waitFor(
        'the paper sell of A',
        async () => (await paperMarketSells(botId)).length === 1,
      );
    const [intentOfA] = (await ordersOf(botId)).filter((o) => o.signal === 'liquidate');
    expect(intentOfA.status).toBe('intent');

    // its lease runs out; B claims the bot and hears of the action from its supervisor
    const claimB = (await writer.claim(botId, 'worker-2', 'host'))!;
    const b = await engineOf(claimB, paperClient(botId));
    expect(b.requestActions([actionId])).toBe(true);
    for (let i = 0; i < 4; i++) await b.evaluate(view());

    const sells = (await ordersOf(botId)).filter((o) => o.signal === 'liquidate');
    const atExchange = await paperMarketSells(botId);
    expect(atExchange).toHaveLength(1);
    if (death === 'before-send') {
      expect(sells.map((o) => [o.id, o.status])).toEqual([
        [intentOfA.id, 'rejected'],
        [expect.any(String), 'filled'],
      ]);
      expect(atExchange[0].client_order_id).toBe(sells[1].client_order_id);
    } else {
      expect(sells.map((o) => [o.id, o.status])).toEqual([[intentOfA.id, 'filled']]);
      expect(atExchange[0].client_order_id).toBe(intentOfA.client_order_id);
    }
    const { sold, left } = sellOf(held);
    expect(new Dec(atExchange[0].amount).toFixed()).toBe(sold);
    expect(await positionOf(botId)).toBe(left);
    expect(await desiredState(botId)).toBe('stopped');
    expect(await actionRow(actionId)).toMatchObject({
      status: 'done',
      result: `sold ${sold} BTC, ${dustText(left)}; the bot is stopped`,
      fence_token: claimB.fenceToken,
    });
  });

  it('a sell the exchange refuses fails the liquidation with the reason, and the bot still stops', async () => {
    const { botId, claim } = await paperBot('dca', DCA);
    const buyer = await engineOf(claim, paperClient(botId));
    await buyer.evaluate(view());
    // the exchange now refuses every order as invalid (a market halted, a filter changed)
    const refusing = new Proxy(paperClient(botId), {
      get(target, property, receiver) {
        if (property !== 'createOrder') return Reflect.get(target, property, receiver);
        return async () => {
          throw new InvalidOrderError('market closed', 'binance');
        };
      },
    });
    const engine = await engineOf(claim, refusing);
    const actionId = await ask(engine, botId, 'liquidate');
    await engine.evaluate(view());

    const row = await actionRow(actionId);
    expect(row.status).toBe('failed');
    expect(row.result).toMatch(
      /^the exchange refused to sell .* BTC: .*market closed.*; the bot is stopped$/,
    );
    expect(await desiredState(botId)).toBe('stopped');
    expect(
      (await ordersOf(botId)).filter((o) => o.signal === 'liquidate').map((o) => o.status),
    ).toEqual(['rejected']);
  });
});
