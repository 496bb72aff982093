import type { BacktestDefinition } from '@platform/contracts';
import type { Candle } from '@platform/exchange';
import { btcUsdtMarket } from '@platform/testing';
import { runBacktest } from './run-backtest';

// The risk stops in a backtest: the engine that runs bots, so the same stop fires at the same
// price with the same words as live (bot-engine.risk-stops.integration-spec.ts), on hand-made
// 1m closes. Fees 0.1 %, no slippage.

const FROM = Date.UTC(2025, 0, 6);
const MIN = 60_000;
/** The close time of the i-th minute: when the backtest evaluates it. */
const close = (i: number) => FROM + (i + 1) * MIN;

const minutes = (closes: number[]): Candle[] =>
  closes.map((c, i) => [
    FROM + i * MIN,
    String(i ? closes[i - 1] : c),
    String(c),
    String(c),
    String(c),
    '1',
  ]);

const run = (params: Record<string, unknown>, closes: number[], startingBalance = 10_000) => {
  const candles = minutes(closes);
  const definition: BacktestDefinition = {
    exchangeId: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1m',
    strategy: 'dca',
    params,
    from: FROM,
    to: FROM + closes.length * MIN,
    startingBalance,
    slippagePct: 0,
  };
  return runBacktest(definition, candles, btcUsdtMarket);
};
const dca = (risk: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  quotePerBuy: 100,
  intervalSeconds: 3600,
  takeProfitPct: 500,
  risk,
  ...extra,
});

describe('runBacktest: risk stops', () => {
  it('trailing stop: sells at the first close 10 % below the highest close since the entry', async () => {
    // bought at 100; highs 110, 120; 10 % below 120 is 108: 108.01 holds, 108 sells
    const result = await run(dca({ trailingStopPct: 10 }), [100, 110, 120, 115, 108.01, 108, 100]);
    expect(result.orders.map((o) => [o.side, o.signal, o.amount, o.time])).toEqual([
      ['buy', 'dca-first-buy', '1', close(0)],
      ['sell', 'trailing-stop', '0.999', close(5)], // 1 BTC less the 0.1 % fee
    ]);
    expect(result.events.filter((e) => e.type.startsWith('risk.'))).toEqual([
      {
        time: close(5),
        type: 'risk.trailing-stop',
        message: 'price 108 fell 10 % or more below the high 120 since the entry: selling all',
      },
    ]);
  });

  it('the activation gain: the trail arms only once the high is that far above the entry', async () => {
    // entry 100.1 (the fee); 25 % above is 125.125: the high of 125 never arms the 10 % trail
    const closes = [100, 125, 112, 110];
    const unarmed = await run(dca({ trailingStopPct: 10, trailingActivationPct: 25 }), closes);
    expect(unarmed.orders.map((o) => o.signal)).toEqual(['dca-first-buy']);
    const armed = await run(dca({ trailingStopPct: 10, trailingActivationPct: 20 }), closes);
    expect(armed.orders.map((o) => [o.signal, o.time])).toEqual([
      ['dca-first-buy', close(0)],
      ['trailing-stop', close(2)], // 112 <= 125 x 0.9 = 112.5
    ]);
  });

  it('cooldown: the buys DCA wants within cooldownAfterLossMinutes of a losing close wait', async () => {
    // bought at 100 (entry 100.1) at close(0); the stop-loss at 90 (close(2)) loses; DCA wants
    // to buy again at close(3) (120 s after its buy): refused until close(2) + 3 min = close(5),
    // when DCA (120 s after the refused buy, which it counts as its last) buys
    const result = await run(
      dca({ stopLossPct: 10, cooldownAfterLossMinutes: 3 }, { intervalSeconds: 120 }),
      [100, 95, 90, 90, 90, 90],
    );
    expect(result.orders.map((o) => [o.signal, o.time])).toEqual([
      ['dca-first-buy', close(0)],
      ['stop-loss', close(2)],
      ['dca-interval', close(5)],
    ]);
    expect(result.events.filter((e) => e.type === 'risk.cooldown')).toEqual([
      {
        time: close(3),
        type: 'risk.cooldown',
        message: `cooling down after a losing round trip: no new entry until ${new Date(close(2) + 3 * MIN).toISOString()}`,
      },
    ]);
  });

  it('daily loss limit: no buys after the loss until 00:00 UTC, then again', async () => {
    // 23:55 UTC: bought at 100, stop-loss at 90 loses 10.19; the buys DCA wants before midnight
    // are refused, the one at 00:00 goes through
    const start = Date.UTC(2025, 0, 6, 23, 55);
    const closes = [100, 90, 90, 90, 90];
    const candles: Candle[] = closes.map((c, i) => [
      start + i * MIN,
      String(c),
      String(c),
      String(c),
      String(c),
      '1',
    ]);
    const result = await runBacktest(
      {
        exchangeId: 'binance',
        symbol: 'BTC/USDT',
        timeframe: '1m',
        strategy: 'dca',
        params: dca({ stopLossPct: 10, maxDailyLossQuote: 10 }, { intervalSeconds: 60 }),
        from: start,
        to: start + closes.length * MIN,
        startingBalance: 10_000,
        slippagePct: 0,
      },
      candles,
      btcUsdtMarket,
    );
    const at = (i: number) => start + (i + 1) * MIN;
    expect(result.orders.map((o) => [o.signal, o.time])).toEqual([
      ['dca-first-buy', at(0)],
      ['stop-loss', at(1)],
      ['dca-interval', at(4)], // 00:00 UTC
    ]);
    expect(result.events.filter((e) => e.type === 'risk.daily-loss').map((e) => e.time)).toEqual([
      at(2),
    ]);
  });

  it('max drawdown: sells everything at the first close 10 % below the peak equity and stops', async () => {
    // 5000 bought at 100: 49.95 BTC for 5000; equity 10000 - 5000 + p x 49.95
    // at 85: 9245.75 (-7.54 %); at 80: 8996 (-10.04 %): sold, and nothing after
    const result = await run(
      dca({ maxDrawdownPct: 10 }, { quotePerBuy: 5000 }),
      [100, 95, 85, 80, 120, 60],
    );
    expect(result.orders.map((o) => [o.side, o.signal, o.amount, o.time])).toEqual([
      ['buy', 'dca-first-buy', '50', close(0)],
      ['sell', 'max-drawdown', '49.95', close(3)],
    ]);
    expect(
      result.events.filter((e) => e.type !== 'order.intent').map((e) => [e.type, e.message]),
    ).toEqual([
      [
        'risk.max-drawdown',
        'max drawdown reached: equity 8996 is 10.04 % below its high 10000 (limit 10 %); sold everything and stopped',
      ],
      [
        'bot.error',
        'max drawdown reached: equity 8996 is 10.04 % below its high 10000 (limit 10 %); sold everything and stopped',
      ],
    ]);
  });
});
