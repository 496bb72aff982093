import type { ExchangeSimulator } from '@platform/exchange-sim';
import { CcxtExchangeClient, Dec } from '@platform/exchange';
import { type Claim, FencedWriter, type TradingRepository } from '@platform/persistence';
import { getStrategy, validateBotParams } from '@platform/strategies';
import {
  lostOrderAnswer,
  type SeededAccount,
  seedAccount,
  seedBot,
  seedUser,
} from '@platform/testing';
import type { DataSource } from 'typeorm';
import {
  type SimulatedLiveTrading,
  startSimulatedLiveTrading,
} from '../test-support/simulated-live-trading';
import { BotEngine, BotHalted } from './bot-engine';
import type { MarketView } from './market-hub';

// The engine through real ccxt `binance` against the exchange simulator, recording in a real
// Postgres: a whole DCA cycle (buy, take profit), then an order whose answer is lost.
describe('BotEngine, live, against the exchange simulator', () => {
  let trading: SimulatedLiveTrading;
  let sim: ExchangeSimulator;
  let dataSource: DataSource;
  let repo: TradingRepository;
  let client: CcxtExchangeClient;
  let claim: Claim;
  let engine: BotEngine;
  let apiKey: string;
  let account: SeededAccount;
  const feed = { exchangeId: 'binance', symbol: 'BTC/USDT', timeframe: '1m' };

  const view = async (): Promise<MarketView> => ({
    feed,
    ticker: await client.fetchTicker('BTC/USDT'),
    tickerAt: Date.now(),
    candles: [],
  });
  const sql = <T = Record<string, string>>(text: string, params: unknown[] = []) =>
    dataSource.query(text, params) as Promise<T[]>;
  /** A live bot on the (one) seeded account, desired running, on BTC/USDT. */
  const liveBot = (name: string, strategy: string, params: Record<string, unknown>) =>
    seedBot(dataSource, { account, name, strategy, params, state: 'running' });

  /** A live engine for a claimed bot, trading on the simulator through `exchange`. */
  const liveEngine = async (
    botClaim: Claim,
    exchange: CcxtExchangeClient,
    lateOrderWindowMs = 60_000,
  ): Promise<BotEngine> => {
    const snapshot = (await repo.loadBot(botClaim.botId))!;
    const { strategy, params, mode } = snapshot.config;
    const validation = validateBotParams(strategy, params, mode);
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    const markets = await exchange.loadMarkets();
    return new BotEngine({
      claim: botClaim,
      bot: snapshot,
      exchange: { client: exchange, lateOrderWindowMs, lookupUnderLock: false },
      strategy: getStrategy(snapshot.config.strategy)!,
      params: validation.params,
      repo,
      marketOf: async () => markets['BTC/USDT'],
      settings: { staleAfterMs: 10_000, orderPollMs: 0 },
      mayStillSend: () => true,
    });
  };

  beforeAll(async () => {
    trading = await startSimulatedLiveTrading({ seed: 11, balances: { USDT: '1000' } });
    ({ sim, client, dataSource, repo } = trading);
    apiKey = trading.key.apiKey;

    // the engine trades through `client`: the account's stored key is never opened here
    account = await seedAccount(dataSource, await seedUser(dataSource), { verified: true });
    const bot = await liveBot('dca', 'dca', {
      quotePerBuy: 100,
      intervalSeconds: 3600,
      takeProfitPct: 1,
    });
    claim = (await trading.writer.claim(bot.id, 'worker-1', 'host'))!;
    engine = await liveEngine(claim, client);
  });

  afterAll(() => trading?.close());

  it('buys, then takes profit; the recorded trades are the simulator fills, exactly', async () => {
    await engine.evaluate(await view());
    sim.setPrice('BTC/USDT', 30_600); // +2 %: past the 1 % take profit
    await engine.evaluate(await view());

    const orders = await sql(
      `SELECT client_order_id, side, status, filled::text, exchange_order_id FROM orders ORDER BY created_at`,
    );
    expect(orders.map((o) => [o.side, o.status])).toEqual([
      ['buy', 'filled'],
      ['sell', 'filled'],
    ]);
    const trades = await sql(
      `SELECT t.exchange_trade_id, t.side, t.price::text, t.amount::text, t.fee::text, t.fee_currency
         FROM trades t JOIN orders o ON o.id = t.order_id ORDER BY o.created_at, t.exchange_trade_id`,
    );
    // each order's fills as the exchange reports them, in the order the query sorts them
    const simFills = (
      await Promise.all(
        orders.map(async (o) =>
          (await client.fetchOrderFills(o.exchange_order_id, 'BTC/USDT'))
            .map((f) => ({ ...f, side: o.side }))
            .sort((a, b) => (a.id < b.id ? -1 : 1)),
        ),
      )
    ).flat();
    expect(trades).toEqual(
      simFills.map((f) => ({
        exchange_trade_id: f.id,
        side: f.side,
        price: new Dec(f.price).toFixed(),
        amount: new Dec(f.amount).toFixed(),
        fee: new Dec(f.fee).toFixed(),
        fee_currency: f.feeCurrency,
      })),
    );
    // 100 USDT at ~30000 rounded down to the 0.00001 step; sold all that was received
    const [buy] = trades.filter((t) => t.side === 'buy');
    expect(new Dec(buy.amount).mul(buy.price).lte(100)).toBe(true);
    const [position] = await sql(
      `SELECT base_amount::text, realized_pnl::text, trades_count FROM bot_positions`,
    );
    const sell = trades.find((t) => t.side === 'sell')!;
    // realized = sell proceeds - sell fee - cost of what was sold at the average entry
    const received = new Dec(buy.amount).minus(buy.fee); // buy fee in BTC
    const entry = new Dec(buy.amount).mul(buy.price).div(received);
    const expected = new Dec(sell.amount)
      .mul(sell.price)
      .minus(sell.fee)
      .minus(new Dec(sell.amount).mul(entry.toDecimalPlaces(12)));
    expect(new Dec(position.realized_pnl).minus(expected).abs().lt('0.000001')).toBe(true);
    expect(new Dec(position.realized_pnl).gt(0)).toBe(true);
    expect(Number(position.trades_count)).toBe(trades.length);
  });

  it('an order whose answer is lost is looked up by its client order id: one order, one fill', async () => {
    sim.addFault(lostOrderAnswer);
    await engine.evaluate(await view()); // a new cycle: the first buy, whose answer never comes
    const [lost] = await sql(
      `SELECT id, client_order_id, status FROM orders ORDER BY created_at DESC LIMIT 1`,
    );
    expect(lost.status).toBe('unknown');
    expect(engine.hasPending).toBe(true);

    await engine.evaluate(await view()); // resolves before anything else
    const [resolved] = await sql(`SELECT status FROM orders WHERE id = $1`, [lost.id]);
    expect(resolved.status).toBe('filled');
    const atExchange = sim
      .orders({ apiKey })
      .filter((o) => (o as { clientOrderId: string }).clientOrderId === lost.client_order_id);
    expect(atExchange).toHaveLength(1);
    const fills = await sql(`SELECT count(*)::int AS n FROM trades WHERE order_id = $1`, [lost.id]);
    expect(Number(fills[0].n)).toBeGreaterThan(0);
    const simFills = await client.fetchOrderFills(
      (await sql(`SELECT exchange_order_id FROM orders WHERE id = $1`, [lost.id]))[0]
        .exchange_order_id,
      'BTC/USDT',
    );
    expect(Number(fills[0].n)).toBe(simFills.length);
    expect(await sql(`SELECT count(*)::int AS n FROM orders`)).toEqual([{ n: 3 }]);
  });

  it('insufficient funds or a bad key stop the bot with the reason: no retry storm', async () => {
    const engineFor = async (credentials: { apiKey: string; secret: string }, name: string) => {
      const bot = await liveBot(name, 'dca', {
        quotePerBuy: 100,
        intervalSeconds: 60,
        takeProfitPct: 5,
      });
      const botClaim = (await new FencedWriter(dataSource).claim(bot.id, 'worker-1', 'host'))!;
      const c = new CcxtExchangeClient({ exchangeId: 'binance', credentials, baseUrl: sim.url });
      return { botId: bot.id as string, engine: await liveEngine(botClaim, c) };
    };
    const poor = await engineFor(sim.createApiKey({ balances: { USDT: '5' } }), 'poor');
    const forged = await engineFor({ apiKey: apiKey, secret: 'not-the-secret' }, 'forged');

    for (const { botId, engine: e, kind } of [
      { ...poor, kind: 'insufficient_funds' },
      { ...forged, kind: 'authentication' },
    ]) {
      await expect(e.evaluate(await view())).rejects.toBeInstanceOf(BotHalted);
      const [bot] = await sql(
        `SELECT desired_state, last_error, last_error_at FROM bots WHERE id = $1`,
        [botId],
      );
      expect(bot.desired_state).toBe('stopped');
      expect(bot.last_error).toEqual(expect.any(String));
      expect(bot.last_error_at).not.toBeNull();
      const events = await sql(
        `SELECT type, data->>'kind' AS kind FROM bot_events WHERE bot_id = $1 AND type = 'bot.error'`,
        [botId],
      );
      expect(events).toEqual([{ type: 'bot.error', kind }]);
      const orders = await sql(`SELECT status FROM orders WHERE bot_id = $1`, [botId]);
      expect(orders).toEqual([{ status: 'rejected' }]); // recorded as never placed, not retried
    }
    expect(JSON.stringify(await sql(`SELECT last_error FROM bots`))).not.toContain(
      'not-the-secret',
    );
  });

  it('an order that reaches the exchange after its intent was judged never sent is adopted', async () => {
    const bot = await liveBot('late', 'sma-cross', {});
    const writer = new FencedWriter(dataSource);
    // a predecessor wrote an intent, then froze before sending it
    const before = (await writer.claim(bot.id, 'frozen', 'host'))!;
    const intent = await repo.writeIntent(
      before,
      (await repo.loadBot(before.botId))!.config,
      {
        side: 'buy',
        type: 'market',
        amount: '0.001',
        price: null,
        signal: 'late',
      },
      null,
    );
    const now = (await writer.claim(bot.id, 'worker-2', 'host'))!;
    const successor = await liveEngine(now, client, 300);
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

    await successor.evaluate(await view()); // not found, but it could still arrive: wait
    expect((await sql(`SELECT status FROM orders WHERE id = $1`, [intent.id]))[0].status).toBe(
      'intent',
    );
    await pause(350);
    await successor.evaluate(await view()); // the window has passed: never sent
    expect((await sql(`SELECT status FROM orders WHERE id = $1`, [intent.id]))[0].status).toBe(
      'rejected',
    );

    // ... and yet the frozen sender's order lands
    await client.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: '0.001',
      clientOrderId: intent.clientOrderId,
    });
    await pause(350);
    await successor.evaluate(await view()); // the sweep reads the exchange's list: adopted

    const [adopted] = await sql(`SELECT status, filled::text FROM orders WHERE id = $1`, [
      intent.id,
    ]);
    expect(adopted).toEqual({ status: 'filled', filled: '0.001' });
    const fills = await sql(`SELECT count(*)::int AS n FROM trades WHERE order_id = $1`, [
      intent.id,
    ]);
    expect(Number(fills[0].n)).toBeGreaterThan(0);
    const events = await sql(
      `SELECT type FROM bot_events WHERE bot_id = $1 AND type = 'order.adopted'`,
      [bot.id],
    );
    expect(events).toHaveLength(1);
    const [position] = await sql(`SELECT base_amount::text FROM bot_positions WHERE bot_id = $1`, [
      bot.id,
    ]);
    expect(new Dec(position.base_amount).gt(0)).toBe(true);
  });

  it('max drawdown: a sell whose answer is lost is resolved before the bot halts', async () => {
    const key = sim.createApiKey({ balances: { USDT: '1000' } });
    const bot = await liveBot('drawdown', 'dca', {
      quotePerBuy: 500,
      intervalSeconds: 3600,
      takeProfitPct: 50,
      risk: { maxDrawdownPct: 5, capitalQuote: 1000 },
    });
    const botClaim = (await new FencedWriter(dataSource).claim(bot.id, 'worker-1', 'host'))!;
    const own = new CcxtExchangeClient({
      exchangeId: 'binance',
      credentials: key,
      baseUrl: sim.url,
      timeoutMs: 1500,
    });
    const stopping = await liveEngine(botClaim, own);
    const sells = () =>
      sql(`SELECT status FROM orders WHERE bot_id = $1 AND signal = 'max-drawdown'`, [bot.id]);
    const botRow = async () =>
      (await sql(`SELECT desired_state, last_error FROM bots WHERE id = $1`, [bot.id]))[0];

    sim.setPrice('BTC/USDT', 30_000);
    await stopping.evaluate(await view()); // 500 USDT of BTC
    sim.setPrice('BTC/USDT', 27_000); // equity about 949: 5.1 % below 1000
    sim.addFault(lostOrderAnswer);
    await stopping.evaluate(await view()); // sells everything; the answer never comes
    expect(await sells()).toEqual([{ status: 'unknown' }]);
    expect(stopping.hasPending).toBe(true);
    expect((await botRow()).desired_state).toBe('running'); // not stopped over an unknown order

    await expect(stopping.evaluate(await view())).rejects.toBeInstanceOf(BotHalted);
    expect(await sells()).toEqual([{ status: 'filled' }]);
    const soldAtExchange = sim
      .orders({ apiKey: key.apiKey })
      .filter((o) => (o as { side: string }).side === 'SELL');
    expect(soldAtExchange).toHaveLength(1);
    const stopped = await botRow();
    expect(stopped.desired_state).toBe('stopped');
    expect(stopped.last_error).toMatch(/^max drawdown reached: /);
    const said = await sql(
      `SELECT count(*)::int AS n FROM bot_events WHERE bot_id = $1 AND type = 'risk.max-drawdown'`,
      [bot.id],
    );
    expect(said).toEqual([{ n: 1 }]);
  });
});
