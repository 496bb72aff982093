// TEMPORARY STAND-IN (branch backtest-jobs): the real engine is written in parallel and replaces
// this file at merge. It only has the engine's signature and a crude, deterministic SMA cross
// on 1m closes so that the job machinery (progress, cancel, takeover, sweeps, ranking) can be
// built and tested against something whose results depend on the params. Do not build on it.
import type { BacktestDefinition, BacktestResult } from '@platform/contracts';
import type { Candle, MarketInfo } from '@platform/exchange';

export interface BacktestHooks {
  /** Called every few thousand candles and at the end. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Checked with each progress call; true stops the run with BacktestCancelled. */
  cancelled?: () => boolean;
}

export class BacktestCancelled extends Error {}

const PROGRESS_EVERY = 5000;

/** candles: 1m candles (BACKTEST_BASE_TIMEFRAME) covering [definition.from, definition.to). Deterministic. */
export async function runBacktest(
  definition: BacktestDefinition,
  candles: Candle[],
  market: MarketInfo,
  hooks: BacktestHooks = {},
): Promise<BacktestResult> {
  const fast = Number(definition.params['fastPeriod'] ?? 9);
  const slow = Number(definition.params['slowPeriod'] ?? 21);
  const fee = Number(market.takerFee);
  let quote = definition.startingBalance;
  let base = 0;
  let peak = quote;
  let maxDrawdownPct = 0;
  let fills = 0;
  let feesPaid = 0;
  const closes: number[] = [];
  const trades: BacktestResult['trades'] = [];
  const average = (n: number) => closes.slice(-n).reduce((a, b) => a + b, 0) / n;
  for (let i = 0; i < candles.length; i++) {
    const [time, , , , closeText] = candles[i];
    const close = Number(closeText);
    closes.push(close);
    if (closes.length > slow) closes.shift();
    if (closes.length === slow) {
      const up = average(fast) > average(slow);
      if (up && base === 0 && quote > 0) {
        const cost = quote * fee;
        base = (quote - cost) / close;
        feesPaid += cost;
        quote = 0;
        fills++;
        trades.push({
          clientOrderId: `bt-${fills}`,
          time,
          side: 'buy',
          price: String(close),
          amount: String(base),
          fee: String(cost),
          feeCurrency: market.quote,
        });
      } else if (!up && base > 0) {
        const value = base * close;
        const cost = value * fee;
        quote = value - cost;
        feesPaid += cost;
        fills++;
        trades.push({
          clientOrderId: `bt-${fills}`,
          time,
          side: 'sell',
          price: String(close),
          amount: String(base),
          fee: String(cost),
          feeCurrency: market.quote,
        });
        base = 0;
      }
    }
    const equity = quote + base * close;
    peak = Math.max(peak, equity);
    maxDrawdownPct = Math.max(maxDrawdownPct, ((peak - equity) / peak) * 100);
    if ((i + 1) % PROGRESS_EVERY === 0 || i === candles.length - 1) {
      await hooks.onProgress?.(i + 1, candles.length);
      if (hooks.cancelled?.()) throw new BacktestCancelled('cancelled');
    }
  }
  const last = candles.length > 0 ? Number(candles[candles.length - 1][4]) : 0;
  const first = candles.length > 0 ? Number(candles[0][1]) : 0;
  const finalEquity = quote + base * last;
  return {
    definition,
    candles: candles.length,
    firstCandleAt: candles[0]?.[0] ?? definition.from,
    lastCandleEnd: (candles[candles.length - 1]?.[0] ?? definition.from) + 60_000,
    metrics: {
      startingEquity: definition.startingBalance,
      finalEquity,
      totalReturnPct: (finalEquity / definition.startingBalance - 1) * 100,
      maxDrawdownPct,
      sharpe: null,
      sortino: null,
      winRatePct: null,
      profitFactor: null,
      trades: Math.floor(fills / 2),
      fills,
      averageHoldingMs: null,
      exposurePct: 0,
      feesPaid,
      buyAndHoldReturnPct: first > 0 ? (last / first - 1) * 100 : 0,
    },
    orders: [],
    trades,
    equity: [],
    events: [],
  };
}
