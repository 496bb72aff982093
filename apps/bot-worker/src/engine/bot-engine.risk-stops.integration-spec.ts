import { type MarketInfo, PaperExchangeClient } from '@platform/exchange';
import {
  type Claim,
  createDataSource,
  FencedWriter,
  PaperLedgerRepository,
  runMigrations,
  TradingRepository,
} from '@platform/persistence';
import { getStrategy, nextUtcMidnight, validateBotParams } from '@platform/strategies';
import {
  btcUsdtMarket,
  createTestDatabase,
  type SeededUser,
  seedBot,
  seedUser,
  type TestDatabase,
} from '@platform/testing';
import type { DataSource } from 'typeorm';
import { BotEngine, BotHalted } from './bot-engine';
import type { MarketView } from './market-hub';
import { handMovedMarket } from '../test-support/hand-moved-market';

const market: MarketInfo = btcUsdtMarket;
const MINUTE = 60_000;

// Each risk stop through the real engine on the paper exchange, recording in a real Postgres:
// what it sells or refuses, the event it says it with, and what a new owner finds in Postgres.
describe('BotEngine, paper, risk stops', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let writer: FencedWriter;
  let repo: TradingRepository;
  let price = 30_000;
  const { ticker, source } = handMovedMarket(() => price, 0);
  const sql = <T = Record<string, string>>(text: string, params: unknown[] = []) =>
    dataSource.query(text, params) as Promise<T[]>;

  /** A paper DCA bot (first buy at once, another every `intervalSeconds`) with these limits. */
  const dcaBot = async (
    user: SeededUser,
    risk: Record<string, unknown>,
    intervalSeconds = 60,
    quotePerBuy = 100,
  ) => {
    const params = { quotePerBuy, intervalSeconds, takeProfitPct: 500, risk };
    const bot = await seedBot(dataSource, {
      user,
      strategy: 'dca',
      params,
      state: 'running',
    });
    return { botId: bot.id as string, params };
  };

  /** An owner of the bot as it is in Postgres now: a new claim (a restart or a failover). */
  const owner = async (botId: string) => {
    const claim: Claim = (await writer.claim(botId, 'w', 'h'))!;
    const snapshot = (await repo.loadBot(botId))!;
    const validation = validateBotParams('dca', snapshot.config.params, 'paper');
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    const client = new PaperExchangeClient({
      exchangeId: 'binance',
      accountId: botId,
      ledger: new PaperLedgerRepository(dataSource),
      market: source,
      slippagePct: 0,
      initialBalances: { USDT: '1000' },
    });
    const engine = new BotEngine({
      claim,
      bot: snapshot,
      exchange: { client, lateOrderWindowMs: 0, lookupUnderLock: true },
      strategy: getStrategy('dca')!,
      params: validation.params,
      repo,
      marketOf: async () => market,
      settings: { staleAfterMs: 10 * MINUTE, orderPollMs: 0 },
      mayStillSend: () => true,
    });
    return {
      engine,
      /** One evaluation at `at` (the engine's time, and the ticker's) and this price. */
      at: (p: number, at = Date.now()) => {
        price = p;
        const view: MarketView = {
          feed: { exchangeId: 'binance', symbol: 'BTC/USDT', timeframe: '1m' },
          ticker: ticker(),
          tickerAt: at,
          candles: [],
        };
        return engine.evaluate(view, at);
      },
    };
  };
  const orders = (botId: string) =>
    sql<{ side: string; signal: string; status: string }>(
      `SELECT side, signal, status FROM orders WHERE bot_id = $1 ORDER BY created_at, id`,
      [botId],
    );
  /**
   * The fills carry Postgres' time and "today" is the engine's: a test about one UTC day starts
   * at least 15 s before its end.
   */
  const awayFromMidnight = async () => {
    const left = nextUtcMidnight(Date.now()) - Date.now();
    if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  };
  /** The user hears of their bots (risk stops and errors are wanted by default). */
  const withChannel = async (user: SeededUser) => {
    await sql(
      `INSERT INTO notification_channels (id, user_id, kind, label, target)
       VALUES (gen_random_uuid(), $1, 'email', 'mail', '{"to": "a@example.com"}')`,
      [user.id],
    );
    return user;
  };
  const events = (botId: string, type: string) =>
    sql<{ message: string; data: Record<string, string> }>(
      `SELECT message, data FROM bot_events WHERE bot_id = $1 AND type = $2 ORDER BY id`,
      [botId, type],
    );

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    writer = new FencedWriter(dataSource);
    repo = new TradingRepository(dataSource, writer);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('trailing stop: the high since the entry is in Postgres, and a new owner sells from it', async () => {
    const { botId } = await dcaBot(await withChannel(await seedUser(dataSource)), {
      trailingStopPct: 10,
      stakeQuote: 100,
    });
    const first = await owner(botId);
    await first.at(30_000); // the first buy: the entry starts the high
    await first.at(33_000); // a new high, written before anything acts on it
    await first.at(31_000);
    const [marks] = await sql(`SELECT peak_price::text FROM bot_positions WHERE bot_id = $1`, [
      botId,
    ]);
    expect(marks.peak_price).toBe('33000');

    // the worker dies; another claims the bot and measures from the same high:
    // 10 % below 33000 is 29700
    const second = await owner(botId);
    await second.at(29_701);
    expect((await orders(botId)).map((o) => o.signal)).toEqual(['dca-first-buy']);
    await second.at(29_700);
    expect(await orders(botId)).toEqual([
      { side: 'buy', signal: 'dca-first-buy', status: 'filled' },
      { side: 'sell', signal: 'trailing-stop', status: 'filled' },
    ]);
    expect((await events(botId, 'risk.trailing-stop')).map((e) => e.message)).toEqual([
      'price 29700 fell 10 % or more below the high 33000 since the entry: selling all',
    ]);
    // its fill is a risk stop for the user's notifications, as a stop-loss is
    const notified = await sql(
      `SELECT payload->>'trigger' AS trigger FROM notification_events
        WHERE bot_id = $1 AND kind = 'risk_stop'`,
      [botId],
    );
    expect(notified).toEqual([{ trigger: 'trailing-stop' }]);
    // the round trip is closed (dust is left): the high is gone with it
    const [after] = await sql(`SELECT peak_price FROM bot_positions WHERE bot_id = $1`, [botId]);
    expect(after.peak_price).toBeNull();
    await expect(first.at(40_000)).rejects.toThrow(); // the old owner is fenced off
  });

  it('daily loss limit per bot: no buys after a loss of maxDailyLossQuote, until 00:00 UTC', async () => {
    // stake 100 at 30000, stop-loss 10 %: sold at 27000 loses about 10.2 USDT with fees
    const { botId } = await dcaBot(
      await seedUser(dataSource),
      { stopLossPct: 10, maxDailyLossQuote: 10 },
      1,
    );
    await awayFromMidnight();
    const bot = await owner(botId);
    const now = Date.now();
    await bot.at(30_000, now);
    await bot.at(27_000, now + 1000); // stop-loss
    await bot.at(27_000, now + 2000); // DCA's interval is over: it wants to buy
    expect((await orders(botId)).map((o) => o.signal)).toEqual(['dca-first-buy', 'stop-loss']);
    const [blocked] = await events(botId, 'risk.daily-loss');
    expect(blocked.message).toMatch(
      /^daily loss limit reached: this bot lost 10\.\d+ today \(limit 10\); no new buys until \d{4}-\d\d-\d\dT00:00:00\.000Z$/,
    );
    await bot.at(27_000, now + 4000);
    expect(await events(botId, 'risk.daily-loss')).toHaveLength(1); // said once
    // a new UTC day: it buys again
    await bot.at(27_000, nextUtcMidnight(now) + 5000);
    expect((await orders(botId)).map((o) => o.signal)).toEqual([
      'dca-first-buy',
      'stop-loss',
      'dca-interval',
    ]);
  });

  it("daily loss limit per user: one bot's loss stops the buys of the user's other bots", async () => {
    const user = await seedUser(dataSource);
    await sql(`INSERT INTO user_risk_limits (user_id, max_daily_loss_quote) VALUES ($1, 10)`, [
      user.id,
    ]);
    const loser = await owner((await dcaBot(user, { stopLossPct: 10 })).botId);
    const { botId: otherId } = await dcaBot(user, {});
    const other = await owner(otherId);
    await awayFromMidnight();
    const now = Date.now();
    await loser.at(30_000, now);
    await loser.at(27_000, now + 1000); // loses about 10.2
    await other.at(27_000, now + 2000); // its first buy
    expect(await orders(otherId)).toEqual([]);
    const [blocked] = await events(otherId, 'risk.daily-loss');
    expect(blocked.message).toMatch(/^daily loss limit reached: your bots lost 10\.\d+ today/);
    // another user's bots are not theirs
    const stranger = await owner((await dcaBot(await seedUser(dataSource), {})).botId);
    await stranger.at(27_000, now + 3000);
    expect(await events(otherId, 'risk.daily-loss')).toHaveLength(1);
  });

  it('cooldown: no new entry for cooldownAfterLossMinutes after a round trip closed at a loss', async () => {
    const { botId } = await dcaBot(await seedUser(dataSource), {
      stopLossPct: 10,
      cooldownAfterLossMinutes: 30,
    });
    const bot = await owner(botId);
    const now = Date.now();
    await bot.at(30_000, now);
    await bot.at(27_000, now + 1000); // stop-loss at a loss
    const [position] = await sql<{ last_loss_at: Date }>(
      `SELECT last_loss_at FROM bot_positions WHERE bot_id = $1`,
      [botId],
    );
    const lossAt = position.last_loss_at.getTime();
    await bot.at(27_000, lossAt + 29 * MINUTE);
    expect((await orders(botId)).map((o) => o.signal)).toEqual(['dca-first-buy', 'stop-loss']);
    expect((await events(botId, 'risk.cooldown')).map((e) => e.data['until'])).toEqual([
      new Date(lossAt + 30 * MINUTE).toISOString(),
    ]);
    // a restarted worker finds the loss in Postgres
    const again = await owner(botId);
    await again.at(27_000, lossAt + 29.5 * MINUTE);
    expect(await orders(botId)).toHaveLength(2);
    // (a blocked buy counts as DCA's last buy: its next comes a minute after that one)
    await again.at(27_000, lossAt + 31 * MINUTE);
    expect((await orders(botId)).map((o) => o.signal)).toEqual([
      'dca-first-buy',
      'stop-loss',
      'dca-interval',
    ]);
  });

  it('max drawdown: sells everything and halts the bot with the reason', async () => {
    // paper balance 1000; 500 bought at 30000, then 27000: equity about 950 (-5 %) from 1000
    const { botId } = await dcaBot(
      await withChannel(await seedUser(dataSource)),
      { maxDrawdownPct: 5, paperQuoteBalance: 1000 },
      3600,
      500,
    );
    const bot = await owner(botId);
    await bot.at(30_000);
    await bot.at(28_000); // about -3.4 %
    await expect(bot.at(27_000)).rejects.toBeInstanceOf(BotHalted);
    expect(await orders(botId)).toEqual([
      { side: 'buy', signal: 'dca-first-buy', status: 'filled' },
      { side: 'sell', signal: 'max-drawdown', status: 'filled' },
    ]);
    const [stopped] = await sql(`SELECT desired_state, last_error FROM bots WHERE id = $1`, [
      botId,
    ]);
    expect(stopped.desired_state).toBe('stopped');
    expect(stopped.last_error).toMatch(
      /^max drawdown reached: equity 949\.\d+ is 5\.\d+ % below its high 1000 \(limit 5 %\); sold everything and stopped$/,
    );
    expect((await events(botId, 'bot.error')).map((e) => e.data['kind'])).toEqual(['max_drawdown']);
    expect(await events(botId, 'risk.max-drawdown')).toHaveLength(1);
    const notified = await sql(
      `SELECT kind, payload->>'trigger' AS trigger FROM notification_events
        WHERE bot_id = $1 ORDER BY id`,
      [botId],
    );
    expect(notified.filter((n) => n.kind !== 'fill')).toEqual([
      { kind: 'risk_stop', trigger: 'max-drawdown' },
      { kind: 'error', trigger: null },
    ]);
  });
});
