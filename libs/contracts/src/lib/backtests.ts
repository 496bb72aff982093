// Backtests (issue 13): a bot definition tried on candle history by the very engine that runs
// bots live. Shared by the gateway (stores definitions and results, serves them), the job
// runners in bot-worker (run them) and the CLI. Browser-safe: the dashboard reads these shapes.

/**
 * Candles a backtest steps through: its "ticks". Every 1m candle's close is one evaluation of
 * the bot (as a live bot evaluates about once a second), whatever the bot's own timeframe; the
 * bot's candles are built from these.
 */
export const BACKTEST_BASE_TIMEFRAME = '1m';

/** Everything a backtest needs to be run again with the same result. */
export interface BacktestDefinition {
  exchangeId: string;
  symbol: string;
  /** The bot's timeframe: the candles its strategy sees. */
  timeframe: string;
  strategy: string;
  /** A bot's params, risk limits included, as the strategy schema validates them. */
  params: Record<string, unknown>;
  /** First candle open time of the range (ms since the epoch, inclusive). */
  from: number;
  /** End of the range (ms since the epoch, exclusive). */
  to: number;
  /** Quote currency the paper account starts with (e.g. 10000 USDT). */
  startingBalance: number;
  /** Paper slippage on market fills, percent (the worker's PAPER_SLIPPAGE_PCT by default). */
  slippagePct: number;
}

export interface BacktestOrder {
  clientOrderId: string;
  /** When the bot sent it (simulated time, ms). */
  time: number;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  amount: string;
  price: string | null;
  status: string;
  filled: string;
  averagePrice: string | null;
  signal: string | null;
}

export interface BacktestTrade {
  clientOrderId: string;
  time: number;
  side: 'buy' | 'sell';
  price: string;
  amount: string;
  fee: string;
  feeCurrency: string | null;
}

export interface BacktestMetrics {
  startingEquity: number;
  finalEquity: number;
  /** Percent, e.g. 12.5 for +12.5 %. */
  totalReturnPct: number;
  /** Largest fall from a running peak of the equity curve, percent (positive number). */
  maxDrawdownPct: number;
  /** Daily returns, mean over standard deviation, times sqrt(365): crypto trades every day. */
  sharpe: number | null;
  /** As sharpe, over the downside deviation (returns below zero). */
  sortino: number | null;
  /** Round trips (a sell closing bought base) that made money, percent of round trips. */
  winRatePct: number | null;
  /** Gross profit over gross loss of the round trips; null without a losing one. */
  profitFactor: number | null;
  /** Round trips. */
  trades: number;
  /** Fills. */
  fills: number;
  averageHoldingMs: number | null;
  /** Share of the range during which the bot held base, percent. */
  exposurePct: number;
  /** Fees paid, valued in quote at the fill price. */
  feesPaid: number;
  /** Buying at the first candle's open and holding to the last close, percent. */
  buyAndHoldReturnPct: number;
}

export interface BacktestResult {
  definition: BacktestDefinition;
  /** Base candles stepped through. */
  candles: number;
  /** Range actually covered: first open time, last close time + 1. */
  firstCandleAt: number;
  lastCandleEnd: number;
  metrics: BacktestMetrics;
  /** The paper account at the end: asset -> total (free + in open orders), as decimals. */
  finalBalances: Record<string, string>;
  orders: BacktestOrder[];
  trades: BacktestTrade[];
  /** [time, equity in quote] at the close of each bot-timeframe candle, at most EQUITY_POINTS. */
  equity: [number, number][];
  /** What the bot said along the way that was not an order (skips, risk stops), oldest first. */
  events: { time: number; type: string; message: string }[];
}

/** Points of a result's equity curve at most (evenly thinned beyond). */
export const BACKTEST_EQUITY_POINTS = 2000;
