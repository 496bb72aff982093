import { Dec, type MarketInfo, PaperExchangeClient } from '@platform/exchange';
import {
  createDataSource,
  FencedWriter,
  PaperLedgerRepository,
  runMigrations,
  TradingRepository,
} from '@platform/persistence';
import { getStrategy, validateBotParams } from '@platform/strategies';
import {
  btcUsdtMarket,
  createTestDatabase,
  seedBot,
  seedUser,
  type TestDatabase,
} from '@platform/testing';
import type { DataSource } from 'typeorm';
import { BotEngine } from './bot-engine';
import type { MarketView } from './market-hub';
import { handMovedMarket } from '../test-support/hand-moved-market';

const market: MarketInfo = btcUsdtMarket;

// A grid bot on the paper exchange, driven through a price path: its limit orders rest, fill
// when the price reaches them, and every book agrees at the end: the paper balances, the
// recorded trades and the bot's position. Once without a quoted depth (each order fills
// whole), once with 0.0007 BTC quoted at the touch: each 0.002 level fills in slices, one per
// look, and each slice is recorded once however often the order is looked at.
describe.each([
  { depth: null, inParts: false },
  { depth: '0.0007', inParts: true },
])(
  'BotEngine, paper, grid through a price path (depth at the touch: $depth)',
  ({ depth, inParts }) => {
    let db: TestDatabase;
    let dataSource: DataSource;
    let price = 30_000;
    const { ticker, source } = handMovedMarket(() => price, 0.01, market, depth);
    const sql = <T = Record<string, string>>(text: string, params: unknown[] = []) =>
      dataSource.query(text, params) as Promise<T[]>;

    beforeAll(async () => {
      db = await createTestDatabase(runMigrations);
      dataSource = createDataSource({ url: db.url });
      await dataSource.initialize();
    });

    afterAll(async () => {
      await dataSource?.destroy();
      await db?.drop();
    });

    it('rests, fills and records: balances == start + trades, position == base balance', async () => {
      const params = {
        lowerPrice: 29_000,
        upperPrice: 31_000,
        levels: 5,
        basePerLevel: 0.002,
        risk: { paperQuoteBalance: 1000 },
      };
      const bot = await seedBot(dataSource, {
        user: await seedUser(dataSource),
        name: 'grid',
        strategy: 'grid',
        params,
        state: 'running',
      });
      const writer = new FencedWriter(dataSource);
      const repo = new TradingRepository(dataSource, writer);
      const claim = (await writer.claim(bot.id, 'w', 'h'))!;
      const validation = validateBotParams('grid', params, 'paper');
      if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
      const client = new PaperExchangeClient({
        exchangeId: 'binance',
        accountId: bot.id,
        ledger: new PaperLedgerRepository(dataSource),
        market: source,
        slippagePct: 0,
        initialBalances: { USDT: '1000' },
      });
      const engine = new BotEngine({
        claim,
        bot: (await repo.loadBot(bot.id))!,
        exchange: { client, lateOrderWindowMs: 0, lookupUnderLock: true },
        strategy: getStrategy('grid')!,
        params: validation.params,
        repo,
        marketOf: async () => market,
        settings: { staleAfterMs: 10_000, orderPollMs: 0 },
        mayStillSend: () => true,
      });
      const view = (): MarketView => ({
        feed: { exchangeId: 'binance', symbol: 'BTC/USDT', timeframe: '1m' },
        ticker: ticker(),
        tickerAt: Date.now(),
        candles: [],
      });

      await engine.evaluate(view());
      // levels 29000, 29500, 30000, 30500, 31000: buys below 30000, nothing held to sell yet
      const resting = await sql(`SELECT side, price::text, status FROM orders ORDER BY price`);
      expect(resting).toEqual([
        { side: 'buy', price: '29000', status: 'open' },
        { side: 'buy', price: '29500', status: 'open' },
      ]);
      const [locked] = await sql(
        `SELECT free::text, used::text FROM paper_balances WHERE asset = 'USDT'`,
      );
      expect(locked).toEqual({ free: '883', used: '117' }); // 0.002 x (29000 + 29500) = 117

      for (const p of [29_400, 29_900, 30_600, 28_900, 30_100]) {
        price = p;
        for (let look = 0; look < 4; look++) {
          await engine.evaluate(view()); // looks its resting orders up, then the grid adjusts
          await new Promise((resolve) => setTimeout(resolve, 2)); // the next ticker
        }
      }

      const trades = await sql(
        `SELECT side, price::text, amount::text, fee::text, fee_currency FROM trades`,
      );
      expect(trades.length).toBeGreaterThanOrEqual(3);
      let usdt = new Dec(1000);
      let btc = new Dec(0);
      for (const t of trades) {
        const value = new Dec(t.amount).mul(t.price);
        if (t.side === 'buy') {
          usdt = usdt.minus(value);
          btc = btc.plus(t.amount).minus(t.fee); // fee in BTC
        } else {
          usdt = usdt.plus(value).minus(t.fee); // fee in USDT
          btc = btc.minus(t.amount);
        }
      }
      const balances = await sql(
        `SELECT asset, (free + used)::text AS total FROM paper_balances ORDER BY asset`,
      );
      expect(balances.map((b) => ({ asset: b.asset, total: new Dec(b.total).toFixed() }))).toEqual([
        { asset: 'BTC', total: btc.toFixed() },
        { asset: 'USDT', total: usdt.toFixed() },
      ]);
      const [position] = await sql(`SELECT base_amount::text, trades_count FROM bot_positions`);
      expect(new Dec(position.base_amount).toFixed()).toBe(btc.toFixed());
      expect(Number(position.trades_count)).toBe(trades.length);
      // each paper fill recorded once, each order's filled amount equals its trades
      const mismatched = await sql(
        `SELECT o.id FROM orders o LEFT JOIN trades t ON t.order_id = o.id
        GROUP BY o.id, o.filled HAVING o.filled <> COALESCE(sum(t.amount), 0)`,
      );
      expect(mismatched).toEqual([]);
      const [split] = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT order_id FROM trades GROUP BY order_id
                                        HAVING count(*) > 1) AS parts`,
      );
      if (inParts) expect(split.n).toBeGreaterThan(0);
      else expect(split.n).toBe(0);
    });
  },
);
