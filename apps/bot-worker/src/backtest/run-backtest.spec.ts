import type { BacktestDefinition } from '@platform/contracts';
import type { Candle, MarketInfo } from '@platform/exchange';
import { btcUsdtMarket } from '@platform/testing';
import { BacktestCancelled, BacktestInputError, runBacktest } from './run-backtest';

// The engine that runs bots, on hand-made candles whose trades are worked out by hand below.
// Prices are round, fees 0.1 % (a buy's fee in the base it gets, a sell's in quote), slippage 0
// unless a test says otherwise, so every amount can be checked to the satoshi.

const market: MarketInfo = btcUsdtMarket;

const FROM = Date.UTC(2025, 0, 6); // a Monday, 00:00 UTC
const MIN = 60_000;

/** One 1m candle per close; high and low are the close unless given as [close, high, low]. */
function minutes(values: (number | [number, number, number])[], from = FROM): Candle[] {
  let previous = Array.isArray(values[0]) ? values[0][0] : values[0];
  return values.map((v, i) => {
    const [close, high, low] = Array.isArray(v) ? v : [v, v, v];
    const open = previous;
    previous = close;
    return [
      from + i * MIN,
      String(open),
      String(Math.max(high, open)),
      String(Math.min(low, open)),
      String(close),
      '1',
    ];
  });
}

function definition(
  strategy: string,
  params: Record<string, unknown>,
  candles: Candle[],
  extra: Partial<BacktestDefinition> = {},
): BacktestDefinition {
  return {
    exchangeId: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1m',
    strategy,
    params,
    from: candles[0][0],
    to: candles[candles.length - 1][0] + MIN,
    startingBalance: 10000,
    slippagePct: 0,
    ...extra,
  };
}

async function run(
  strategy: string,
  params: Record<string, unknown>,
  candles: Candle[],
  extra = {},
) {
  return runBacktest(definition(strategy, params, candles, extra), candles, market);
}

describe('runBacktest', () => {
  it('sma-cross buys on the cross up and sells on the cross down, at the closes, with fees', async () => {
    // fast SMA(2) crosses above SMA(3) at the close of 110 (11th minute: 105 > 103.33 after
    // 100 <= 100) and below at the close of 90 (95 < 103.33 after 110 >= 110)
    const candles = minutes([100, 100, 100, 100, 110, 120, 100, 90, 90]);
    const result = await run(
      'sma-cross',
      { fastPeriod: 2, slowPeriod: 3, risk: { stakeQuote: 100 } },
      candles,
    );

    expect(result.orders.map((o) => [o.side, o.type, o.amount, o.signal, o.time])).toEqual([
      ['buy', 'market', '0.90909', 'sma-cross-up', FROM + 5 * MIN], // floor(100 / 110) to 0.00001
      ['sell', 'market', '0.90818', 'sma-cross-down', FROM + 8 * MIN], // 0.90909 less 0.1 % fee, floored
    ]);
    expect(result.trades.map((t) => [t.side, t.price, t.amount, t.fee, t.feeCurrency])).toEqual([
      ['buy', '110', '0.90909', '0.00090909', 'BTC'],
      ['sell', '90', '0.90818', '0.0817362', 'USDT'],
    ]);
    // 10000 - 0.90909 * 110 + 0.90818 * 90 * 0.999, plus 0.00000091 BTC of dust at 90
    const quote = 10000 - 99.9999 + 81.6544638;
    expect(result.metrics.finalEquity).toBeCloseTo(quote + 0.00000091 * 90, 5);
    expect(result.metrics.trades).toBe(1);
    expect(result.metrics.winRatePct).toBe(0);
    expect(result.metrics.profitFactor).toBe(0);
    expect(result.metrics.feesPaid).toBeCloseTo(0.00090909 * 110 + 0.0817362, 6);
    expect(result.metrics.buyAndHoldReturnPct).toBeCloseTo(-10, 6);
    expect(result.metrics.averageHoldingMs).toBe(3 * MIN);
    // held from the buy's close to the sell's (3 of 9 minutes); the dust left after is not held
    expect(result.metrics.exposurePct).toBeCloseTo((3 / 9) * 100, 6);
    expect(result.candles).toBe(9);
  });

  it('dust left by a sell is not a position: the next cross up buys again', async () => {
    // as above, then 90, 90, 100: fast SMA(2) 95 > SMA(3) 93.33 after 90 <= 90
    const candles = minutes([100, 100, 100, 100, 110, 120, 100, 90, 90, 90, 100]);
    const result = await run(
      'sma-cross',
      { fastPeriod: 2, slowPeriod: 3, risk: { stakeQuote: 100 } },
      candles,
    );
    expect(result.orders.map((o) => `${o.side} ${o.amount}`)).toEqual([
      'buy 0.90909',
      'sell 0.90818',
      'buy 1', // 0.00000091 BTC of dust (worth 0.00009 USDT) is below every minimum
    ]);
  });

  it('applies the paper slippage to market fills, on the tick', async () => {
    const candles = minutes([100, 100, 100, 100, 110]);
    const result = await run(
      'sma-cross',
      { fastPeriod: 2, slowPeriod: 3, risk: { stakeQuote: 100 } },
      candles,
      { slippagePct: 0.05 },
    );
    // the buy is sized at 110 and fills at 110 * 1.0005 = 110.055, rounded up to the tick
    expect(result.trades[0]).toMatchObject({ side: 'buy', price: '110.06', amount: '0.90909' });
  });

  it('builds the bot candles of its timeframe from the minutes: an hourly bot acts on the hour', async () => {
    // 5 hours of minutes: flat at 100, then the 4th hour closes at 110 (a cross up on 1h closes)
    const values: number[] = [];
    for (let hour = 0; hour < 5; hour++)
      for (let m = 0; m < 60; m++)
        values.push(hour === 3 ? 100 + (10 * (m + 1)) / 60 : hour === 4 ? 110 : 100);
    const candles = minutes(values);
    const result = await run(
      'sma-cross',
      { fastPeriod: 2, slowPeriod: 3, risk: { stakeQuote: 100 } },
      candles,
      { timeframe: '1h' },
    );
    // the minutes crossed long before; the hourly candles only when the 4th hour closed
    expect(result.orders.map((o) => [o.side, o.time])).toEqual([['buy', FROM + 4 * 60 * MIN]]);
    expect(result.trades[0].price).toBe('110');
  });

  it('grid: a resting buy fills where a candle low touched it, though no close reached it', async () => {
    // at 100 the grid keeps a buy at 90 (100 itself is the price); the next candle dips to 89.5
    // inside and closes at 100: the buy fills at its own price as maker
    const candles = minutes([100, 100, [100, 100.5, 89.5], 100]);
    const result = await run(
      'grid',
      { lowerPrice: 80, upperPrice: 120, levels: 5, basePerLevel: 0.1 },
      candles,
    );
    const buy90 = result.trades.find((t) => t.side === 'buy' && t.price === '90');
    expect(buy90).toMatchObject({ amount: '0.1', fee: '0.0001', feeCurrency: 'BTC' });
    expect(buy90?.time).toBe(FROM + 2 * MIN + MIN / 3); // the low comes first on a rising candle

    const calm = await run(
      'grid',
      { lowerPrice: 80, upperPrice: 120, levels: 5, basePerLevel: 0.1 },
      minutes([100, 100, [100, 100.5, 90.5], 100]),
    );
    expect(calm.trades.find((t) => t.price === '90')).toBeUndefined();
  });

  it('dca: a first buy, a buy per interval, the take profit sells everything, a new cycle', async () => {
    const candles = minutes([100, 100, 100, 111, 111]);
    const result = await run(
      'dca',
      { quotePerBuy: 50, intervalSeconds: 120, takeProfitPct: 10 },
      candles,
    );
    expect(result.orders.map((o) => [o.signal, o.side, o.amount, o.time])).toEqual([
      ['dca-first-buy', 'buy', '0.5', FROM + MIN],
      ['dca-interval', 'buy', '0.5', FROM + 3 * MIN],
      ['dca-take-profit', 'sell', '0.999', FROM + 4 * MIN], // 1 BTC less the two buys' fees
      ['dca-first-buy', 'buy', '0.45045', FROM + 5 * MIN], // floor(50 / 111) to 0.00001
    ]);
  });

  it('rsi-reversion: buys oversold and sells overbought on candle closes', async () => {
    // RSI(2) after two falls is 0 (< 30): buy at 80; after two rises it is 100 (> 70): sell at 100
    const candles = minutes([100, 90, 80, 90, 100, 100]);
    const result = await run(
      'rsi-reversion',
      { period: 2, oversold: 30, overbought: 70, risk: { stakeQuote: 100 } },
      candles,
    );
    expect(result.orders.map((o) => [o.signal, o.side, o.time])).toEqual([
      ['rsi-oversold', 'buy', FROM + 3 * MIN],
      ['rsi-overbought', 'sell', FROM + 5 * MIN],
    ]);
    expect(result.trades.map((t) => t.price)).toEqual(['80', '100']);
    expect(result.metrics.winRatePct).toBe(100);
  });

  it('is deterministic: the same input gives a byte-identical result', async () => {
    const values: number[] = [];
    let price = 100;
    for (let i = 0; i < 5000; i++) {
      price =
        Math.round(price * (1 + Math.sin(i * 0.37) * 0.004 + Math.cos(i * 0.051) * 0.002) * 100) /
        100;
      values.push(price);
    }
    const candles = minutes(values);
    const params = { fastPeriod: 5, slowPeriod: 20 };
    const first = JSON.stringify(await run('sma-cross', params, candles));
    const second = JSON.stringify(await run('sma-cross', params, candles));
    expect(first).toBe(second);
    expect(JSON.parse(first).orders.length).toBeGreaterThan(10);
  });

  it.each([
    ['sma-cross', '15m', { fastPeriod: 3, slowPeriod: 8 }],
    ['rsi-reversion', '1h', { period: 4, oversold: 40, overbought: 60 }],
  ])(
    '%s on %s: skipping the ticks between its candles changes nothing',
    async (strategy, timeframe, params) => {
      const values: number[] = [];
      let price = 100;
      for (let i = 0; i < 20_000; i++) {
        price =
          Math.round(
            price * (1 + Math.sin(i * 0.013) * 0.002 + Math.cos(i * 0.0021) * 0.001) * 100,
          ) / 100;
        values.push(price);
      }
      const candles = minutes(values);
      const def = definition(strategy, params, candles, { timeframe });
      const skipping = await runBacktest(def, candles, market);
      const everyTick = await runBacktest(def, candles, market, { everyTick: true });
      expect(skipping.orders.length).toBeGreaterThan(4);
      expect(JSON.stringify(skipping)).toBe(JSON.stringify(everyTick));
    },
  );

  it('refuses params the strategy refuses, at their field, and a range without candles', async () => {
    const candles = minutes([100, 100]);
    await expect(
      run('sma-cross', { fastPeriod: 30, slowPeriod: 10 }, candles),
    ).rejects.toMatchObject({
      constructor: BacktestInputError,
      field: 'params.fastPeriod',
    });
    await expect(
      runBacktest(
        definition('sma-cross', {}, candles, { from: FROM + 3600_000, to: FROM + 7200_000 }),
        candles,
        market,
      ),
    ).rejects.toMatchObject({ field: 'from' });
  });

  it('reports progress and stops when cancelled', async () => {
    const candles = minutes(Array.from({ length: 45_000 }, () => 100));
    const seen: number[] = [];
    const result = await runBacktest(definition('sma-cross', {}, candles), candles, market, {
      onProgress: (done) => void seen.push(done),
    });
    expect(seen).toEqual([20_000, 40_000, 45_000]);
    expect(result.metrics.finalEquity).toBe(10000);
    await expect(
      runBacktest(definition('sma-cross', {}, candles), candles, market, { cancelled: () => true }),
    ).rejects.toBeInstanceOf(BacktestCancelled);
    // a stop seen while reporting is acted on at once, not a progress step later
    let stop = false;
    const reported: number[] = [];
    await expect(
      runBacktest(definition('sma-cross', {}, candles), candles, market, {
        progressEvery: 5000,
        onProgress: (done) => {
          reported.push(done);
          stop = done >= 10_000;
        },
        cancelled: () => stop,
      }),
    ).rejects.toBeInstanceOf(BacktestCancelled);
    expect(reported).toEqual([5000, 10_000]);
  });
});
