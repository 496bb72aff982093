import { liveChannel, type LiveEvent } from '@platform/contracts';
import { Lease } from '@platform/distributed-lock';
import type { ExchangeSimulator } from '@platform/exchange-sim';
import { type CcxtExchangeClient, PaperExchangeClient } from '@platform/exchange';
import {
  type Claim,
  type FencedWriter,
  PaperLedgerRepository,
  type TradingRepository,
} from '@platform/persistence';
import { createRedis } from '@platform/redis';
import { LivePublisher } from '@platform/service-kit';
import {
  type BotParams,
  getStrategy,
  type StrategyDefinition,
  validateBotParams,
} from '@platform/strategies';
import { seedAccount, seedBot, seedUser, waitFor } from '@platform/testing';
import type { DataSource } from 'typeorm';
import { BotRuntime } from '../runtime/bot-runtime';
import {
  type SimulatedLiveTrading,
  startSimulatedLiveTrading,
} from '../test-support/simulated-live-trading';
import { BotEngine } from './bot-engine';
import type { BotExchange } from './exchange-factory';
import type { MarketHub, MarketView } from './market-hub';

const REDIS_URL = process.env['TEST_REDIS_URL'] || 'redis://127.0.0.1:6379';
const SYMBOL = 'BTC/USDT';
const feed = { exchangeId: 'binance', symbol: SYMBOL, timeframe: '1m' };
const dca = { quotePerBuy: 50, intervalSeconds: 3600, takeProfitPct: 50 };

// What the engine records, against the exchange simulator (real ccxt) and a real Postgres:
// paper and live orders side by side on one symbol, and a bot that cannot record a fill.
describe('BotEngine records, paper and live on one symbol', () => {
  let trading: SimulatedLiveTrading;
  let sim: ExchangeSimulator;
  let dataSource: DataSource;
  let writer: FencedWriter;
  let repo: TradingRepository;
  let live: CcxtExchangeClient;
  let userId: string;
  let accountId: string;

  const sql = <T = Record<string, string>>(text: string, params: unknown[] = []) =>
    dataSource.query(text, params) as Promise<T[]>;
  const view = async (): Promise<MarketView> => ({
    feed,
    ticker: await live.fetchTicker(SYMBOL),
    tickerAt: Date.now(),
    candles: [],
  });

  const newBot = async (mode: 'paper' | 'live'): Promise<Claim> => {
    const bot = await seedBot(dataSource, {
      user: userId,
      account: mode === 'live' ? accountId : null,
      mode,
      symbol: SYMBOL,
      strategy: 'dca',
      params: dca,
      state: 'running',
    });
    return (await writer.claim(bot.id, 'worker-1', 'host'))!;
  };

  const engineFor = async (
    claim: Claim,
    publisher?: LivePublisher,
    staleAfterMs = 10_000,
    strategy = getStrategy('dca')! as StrategyDefinition<BotParams, unknown>,
    orderPollMs = 0,
  ): Promise<BotEngine> => {
    const snapshot = (await repo.loadBot(claim.botId))!;
    const validation = validateBotParams('dca', snapshot.config.params, snapshot.config.mode);
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    const markets = await live.loadMarkets();
    const exchange: BotExchange =
      snapshot.config.mode === 'live'
        ? { client: live, lateOrderWindowMs: 60_000, lookupUnderLock: false }
        : {
            client: new PaperExchangeClient({
              exchangeId: 'binance',
              accountId: claim.botId,
              ledger: new PaperLedgerRepository(dataSource),
              market: live,
              slippagePct: 0,
              initialBalances: { USDT: '1000' },
            }),
            lateOrderWindowMs: 0,
            lookupUnderLock: true,
          };
    return new BotEngine({
      claim,
      bot: snapshot,
      exchange,
      strategy,
      params: validation.params,
      repo,
      marketOf: async () => markets[SYMBOL],
      settings: { staleAfterMs, orderPollMs, workerId: 'worker-1' },
      mayStillSend: () => true,
      live: publisher,
    });
  };

  beforeAll(async () => {
    // the simulator has SYMBOL (BTC/USDT) at 30,000
    trading = await startSimulatedLiveTrading({ seed: 5, balances: { USDT: '10000' } });
    ({ sim, client: live, dataSource, writer, repo } = trading);
    ({ id: userId } = await seedUser(dataSource));
    // the live engine trades through `live`: the account's stored key is never opened here
    ({ id: accountId } = await seedAccount(dataSource, userId, { verified: true }));
  });

  afterAll(() => trading?.close());

  it('records a paper and a live order whose ids would have been equal (both "1")', async () => {
    const paper = await engineFor(await newBot('paper'));
    const real = await engineFor(await newBot('live'));
    await paper.evaluate(await view());
    await real.evaluate(await view());

    const rows = await sql(
      `SELECT mode, status, exchange_order_id, exchange_account_id, filled::text FROM orders
        ORDER BY mode`,
    );
    expect(rows).toEqual([
      {
        mode: 'live',
        status: 'filled',
        exchange_order_id: '1',
        exchange_account_id: accountId,
        filled: expect.any(String),
      },
      {
        mode: 'paper',
        status: 'filled',
        exchange_order_id: 'paper-1',
        exchange_account_id: null,
        filled: expect.any(String),
      },
    ]);
    const [{ count }] = await sql(`SELECT count(*)::text AS count FROM trades`);
    expect(count).toBe('2');
  });

  it('a fill it cannot record: last error, bot.error event, live status, retried, then recovered', async () => {
    const claim = await newBot('live');
    const publisher = LivePublisher.connect(REDIS_URL);
    const listener = createRedis(REDIS_URL, 'subscriber');
    const heard: LiveEvent[] = [];
    listener.on('message', (_channel, message) => heard.push(JSON.parse(message)));
    await listener.subscribe(liveChannel(userId));
    // Postgres refuses this bot's fills, as a constraint would
    await sql(`
      CREATE FUNCTION refuse_fills() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'fill refused for the test' USING ERRCODE = 'check_violation'; END $$`);
    await sql(
      `CREATE TRIGGER refuse_fills BEFORE INSERT ON trades FOR EACH ROW
         WHEN (NEW.bot_id = '${claim.botId}') EXECUTE FUNCTION refuse_fills()`,
    );
    const engine = await engineFor(claim, publisher);
    let current = await view();
    const hub = {
      subscribe: () => () => undefined,
      view: () => current,
    } as unknown as MarketHub;
    const lease = new Lease('bot:x', 60_000, {} as Lease['lock'], performance.now() + 3_600_000);
    const runtime = new BotRuntime(
      claim,
      lease,
      async () => ({ engine, feed, userId, live: false }),
      hub,
      writer,
      'worker-1',
      { tickMs: 100, workMs: 0, safetyMarginMs: 0, heartbeatHistory: false },
      () => undefined,
    );
    try {
      runtime.start();
      const bot = await waitFor('the last error', async () => {
        const [row] = await sql(`SELECT last_error, desired_state FROM bots WHERE id = $1`, [
          claim.botId,
        ]);
        return row.last_error !== null && row;
      });
      expect(bot).toEqual({ last_error: 'fill refused for the test', desired_state: 'running' });
      const events = await sql(
        `SELECT type, message, data->>'kind' AS kind FROM bot_events WHERE bot_id = $1 AND type = 'bot.error'`,
        [claim.botId],
      );
      expect(events).toEqual([
        { type: 'bot.error', message: 'fill refused for the test', kind: 'stuck' },
      ]);
      await waitFor('a live error status', () =>
        heard.some((e) => e.type === 'bot.status' && e.status === 'error'),
      );
      expect(heard.find((e) => e.type === 'bot.status')).toMatchObject({
        botId: claim.botId,
        status: 'error',
        reason: 'fill refused for the test',
      });
      // the order reached the exchange: it stays pending, looked up again with a growing pause
      const [order] = await sql(`SELECT status FROM orders WHERE bot_id = $1`, [claim.botId]);
      expect(order.status).toBe('intent');

      await sql(`DROP TRIGGER refuse_fills ON trades`);
      current = await view();
      const after = await waitFor('the fill recorded and the error cleared', async () => {
        const [row] = await sql(
          `SELECT o.status, b.last_error FROM orders o JOIN bots b ON b.id = o.bot_id
            WHERE o.bot_id = $1`,
          [claim.botId],
        );
        return row.status === 'filled' && row.last_error === null && row;
      });
      expect(after).toEqual({ status: 'filled', last_error: null });
      const recovered = await sql(
        `SELECT type FROM bot_events WHERE bot_id = $1 AND type = 'bot.recovered'`,
        [claim.botId],
      );
      expect(recovered).toHaveLength(1);
      await waitFor('a live running status', () =>
        heard.some((e) => e.type === 'bot.status' && e.status === 'running'),
      );
      const [{ count }] = await sql(
        `SELECT count(*)::text AS count FROM bot_events WHERE bot_id = $1 AND type = 'bot.error'`,
        [claim.botId],
      );
      expect(count).toBe('1'); // the same reason is not written on every retry
    } finally {
      await runtime.stop();
      await publisher.close();
      listener.disconnect();
    }
  });

  it('a new bot waits for its feed before calling an old snapshot stale', async () => {
    const claim = await newBot('paper');
    const engine = await engineFor(claim, undefined, 200);
    const old = { ...(await view()), tickerAt: Date.now() - 120_000 };
    const staleEvents = async () =>
      (
        await sql(`SELECT type FROM bot_events WHERE bot_id = $1 AND type = 'market.stale'`, [
          claim.botId,
        ])
      ).length;

    await engine.evaluate(old); // left from before the bot started: no news yet
    expect(await staleEvents()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 700)); // past 3 stale windows
    await engine.evaluate({ ...old, tickerAt: Date.now() - 120_000 });
    expect(await staleEvents()).toBe(1); // a feed that never comes is reported
    const [{ count }] = await sql(`SELECT count(*)::text AS count FROM orders WHERE bot_id = $1`, [
      claim.botId,
    ]);
    expect(count).toBe('0'); // and never traded on
  });

  it('a bot whose feed never got a snapshot says so once, and again when data comes', async () => {
    const claim = await newBot('paper');
    const engine = await engineFor(claim, undefined, 200);
    const events = async () =>
      (
        await sql(
          `SELECT type, message FROM bot_events
            WHERE bot_id = $1 AND type LIKE 'market.%' ORDER BY id`,
          [claim.botId],
        )
      ).map((e) => `${e.type}: ${e.message}`);

    await engine.evaluate(null); // just started: market-data may not have written it yet
    expect(await events()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 700)); // past 3 stale windows
    await engine.evaluate(null);
    await engine.evaluate(null);
    expect(await events()).toEqual(['market.stale: no market data yet: not acting']);
    await engine.evaluate({ ...(await view()), tickerAt: Date.now() });
    expect(await events()).toEqual([
      'market.stale: no market data yet: not acting',
      'market.fresh: market data is current again',
    ]);
  });

  it('a cancel that finds a fill re-plans the rest of the round from the new position', async () => {
    // buys once, then rests half at 31,000 ('a') and half at 34,000 ('b'). Above 31,000 it
    // cancels 'a' and offers at 33,000 ('c') what 'b' does not hold, counting on the cancel
    // to free 'a''s half: wrong once 'a' has filled, unless the round is planned again.
    const moving: StrategyDefinition<BotParams, unknown> = {
      ...getStrategy('dca')!,
      evaluate: (_params, input) => {
        const held = input.position.base;
        const limit = (key: string, price: number, base: number) =>
          ({ kind: 'limit', side: 'sell', key, price, base, reason: key }) as const;
        if (held === 0)
          return {
            signals: input.state ? [] : [{ kind: 'market', side: 'buy', quote: 100, reason: 'in' }],
            state: true,
          };
        const open = (key: string) => input.openOrders.find((o) => o.key === key);
        if (input.price < 31_000)
          return {
            signals: [limit('a', 31_000, held / 2), limit('b', 34_000, held / 2)],
            state: true,
          };
        const free = held - (open('b')?.base ?? 0);
        return {
          signals: [
            { kind: 'cancel', key: 'a', reason: 'a-up' },
            ...(free > 0.0001 ? [limit('c', 33_000, free)] : []),
          ],
          state: true,
        };
      },
    };
    const claim = await newBot('paper');
    const engine = await engineFor(claim, undefined, 10_000, moving, 60_000);
    await engine.evaluate(await view()); // buys
    await engine.evaluate(await view()); // rests 'a' and 'b'
    await engine.evaluate(await view()); // looks its resting orders up (nothing new)
    sim.setPrice(SYMBOL, 31_500); // 'a' fills when next looked at

    await engine.evaluate(await view()); // the cancel finds 'a' filled: no oversized 'c' follows
    await engine.evaluate(await view()); // planned again: nothing left to offer
    const rows = await sql(
      `SELECT signal, status FROM orders WHERE bot_id = $1 ORDER BY created_at`,
      [claim.botId],
    );
    expect(rows).toEqual([
      { signal: 'in', status: 'filled' },
      { signal: 'a', status: 'filled' },
      { signal: 'b', status: 'open' },
    ]);
    const [bot] = await sql(`SELECT desired_state, last_error FROM bots WHERE id = $1`, [
      claim.botId,
    ]);
    expect(bot).toEqual({ desired_state: 'running', last_error: null });
    sim.setPrice(SYMBOL, 30_000);
  });

  it('partial fills on the finite book: a buy in several fills, a sell cancelled after part of it filled keeps those fills, each once', async () => {
    // buys 5000 USDT at market (several book levels of ~2000 USDT), rests all of it for sale at
    // 30,300 ('x'), and cancels 'x' once the price is there: by then the exchange has filled a
    // slice of it (resting orders fill in parts, a slice per price step)
    const partly: StrategyDefinition<BotParams, unknown> = {
      ...getStrategy('dca')!,
      evaluate: (_params, input) => {
        if (!input.state)
          return {
            signals: [{ kind: 'market', side: 'buy', quote: 5000, reason: 'in' }],
            state: 1,
          };
        if (input.price < 30_300)
          return {
            signals: [
              {
                kind: 'limit',
                side: 'sell',
                key: 'x',
                price: 30_300,
                base: input.position.base,
                reason: 'x',
              },
            ],
            state: 1,
          };
        return { signals: [{ kind: 'cancel', key: 'x', reason: 'x-up' }], state: 1 };
      },
    };
    const claim = await newBot('live');
    const engine = await engineFor(claim, undefined, 10_000, partly);
    await engine.evaluate(await view()); // buys
    await engine.evaluate(await view()); // rests 'x'
    sim.setPrice(SYMBOL, 30_300); // one price step at the limit: one slice of 'x' fills
    await engine.evaluate(await view()); // cancels 'x', part filled
    await engine.evaluate(await view()); // reads again: nothing changes

    const orders = await sql<{
      signal: string;
      status: string;
      amount: string;
      filled: string;
      id: string;
    }>(
      `SELECT id, signal, status, amount::text, filled::text FROM orders
        WHERE bot_id = $1 ORDER BY created_at`,
      [claim.botId],
    );
    expect(orders.map((o) => `${o.signal} ${o.status}`)).toEqual(['in filled', 'x canceled']);
    const [buy, sell] = orders;
    expect(Number(sell.filled)).toBeGreaterThan(0);
    expect(Number(sell.filled)).toBeLessThan(Number(sell.amount));
    const recordedFills = async (id: string) =>
      sql<{ exchange_trade_id: string; amount: string }>(
        `SELECT exchange_trade_id, amount::text FROM trades WHERE order_id = $1`,
        [id],
      );
    const exchangeFills = async (id: string) => {
      const [row] = await sql(`SELECT exchange_order_id FROM orders WHERE id = $1`, [id]);
      return live.fetchOrderFills(row.exchange_order_id, SYMBOL);
    };
    // each of the exchange's fills of each order once, with its amount
    for (const order of orders)
      expect(
        (await recordedFills(order.id))
          .map((t) => `${t.exchange_trade_id} ${Number(t.amount)}`)
          .sort(),
      ).toEqual((await exchangeFills(order.id)).map((f) => `${f.id} ${Number(f.amount)}`).sort());
    const buyFills = await exchangeFills(buy.id);
    expect(buyFills.length).toBeGreaterThan(1); // the buy walked the book
    // the position: what was bought (less the fee taken in base) minus what the sell filled
    const boughtNet = buyFills.reduce(
      (sum, f) => sum + Number(f.amount) - (f.feeCurrency === 'BTC' ? Number(f.fee) : 0),
      0,
    );
    const [position] = await sql(
      `SELECT base_amount::text AS base FROM bot_positions WHERE bot_id = $1`,
      [claim.botId],
    );
    expect(Number(position.base)).toBeCloseTo(boughtNet - Number(sell.filled), 8);
    sim.setPrice(SYMBOL, 30_000);
  });
});
