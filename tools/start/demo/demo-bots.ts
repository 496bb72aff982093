// The demo's bots: one paper bot per strategy on the offline exchange, each on its own market,
// with parameters that act within a minute or two instead of the defaults, which suit hours of a
// real market. The simulator's price path is the same on every start (seed 1, from the start
// minute), so each candle strategy sits on a market whose first minutes give it signals: ADA's
// short averages cross at minutes 1, 4 and 6, ETH's 2-candle RSI reads 39, 72, 43, 16; BNB rises
// (dca takes profit) and BTC falls into the grid's buys. Risk limits and the paper balance keep
// their defaults.

export const DEMO_EXCHANGE = 'binance';
export const DEMO_TIMEFRAME = '1m';
const DEMO_SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'BNB/USDT', 'XRP/USDT', 'ADA/USDT'];

type Params = Record<string, unknown>;

// ±1 % in 21 levels, 0.1 % apart: ten resting buys at once, the nearest filled within minutes;
// 20 orders at most, the default maxOpenOrders. 25 USDT a level clears the 5 USDT minimum.
const GRID_SPAN = 0.01;
const GRID_LEVELS = 21;
const GRID_QUOTE_PER_LEVEL = 25;

/** Six significant digits: a readable price, far finer than the grid's spacing. */
const readablePrice = (price: number) => Number(price.toPrecision(6));

/** Rounded up to two significant digits, so a level is never worth less than meant. */
function roundUp2(value: number): number {
  const unit = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Number((Math.ceil(value / unit - 1e-9) * unit).toPrecision(2));
}

export function gridAround(price: number): Params {
  return {
    lowerPrice: readablePrice(price * (1 - GRID_SPAN)),
    upperPrice: readablePrice(price * (1 + GRID_SPAN)),
    levels: GRID_LEVELS,
    basePerLevel: roundUp2(GRID_QUOTE_PER_LEVEL / price),
  };
}

interface Tuning {
  symbol: string;
  params(price: number | undefined): Params;
  /** Whether a bot made earlier still acts at this price (a grid outside its range does not). */
  stillActs?(params: Params, price: number): boolean;
}

const TUNINGS: Record<string, Tuning> = {
  grid: {
    symbol: 'BTC/USDT',
    params: (price) => gridAround(price ?? NaN),
    stillActs: (params, price) =>
      Number(params['lowerPrice']) < price && price < Number(params['upperPrice']),
  },
  // a market buy at once, then every minute; sells all 0.3 % above the average entry
  dca: {
    symbol: 'BNB/USDT',
    params: () => ({ quotePerBuy: 25, intervalSeconds: 60, takeProfitPct: 0.3 }),
  },
  // 2- and 4-candle averages cross every few candles
  'sma-cross': { symbol: 'ADA/USDT', params: () => ({ fastPeriod: 2, slowPeriod: 4 }) },
  // a 2-candle RSI with narrow bands: a buy after most falling candles, a sell after most rising
  'rsi-reversion': {
    symbol: 'ETH/USDT',
    params: () => ({ period: 2, oversold: 45, overbought: 55 }),
  },
};

export interface DemoBot {
  name: string;
  exchangeId: string;
  symbol: string;
  timeframe: string;
  strategy: string;
  params: Params;
  mode: 'paper';
}

export const demoBotName = (strategy: string) => `demo ${strategy}`;

/** The market of the `index`th strategy: its tuned one, else the next market nobody uses. */
export function demoSymbol(strategy: string, index: number): string {
  const tuned = TUNINGS[strategy]?.symbol;
  if (tuned) return tuned;
  const free = DEMO_SYMBOLS.filter((s) => !Object.values(TUNINGS).some((t) => t.symbol === s));
  return free[index % free.length];
}

/** Whether the strategy's demo parameters are set from its market's current price. */
export const needsPrice = (strategy: string) => strategy === 'grid';

/**
 * The bot to create for `strategy` (the `index`th of the registry); `price` is the market's
 * last price when needsPrice(strategy). A strategy not tuned here runs on its defaults.
 */
export function demoBot(strategy: string, index: number, price?: number): DemoBot {
  return {
    name: demoBotName(strategy),
    exchangeId: DEMO_EXCHANGE,
    symbol: demoSymbol(strategy, index),
    timeframe: DEMO_TIMEFRAME,
    strategy,
    params: TUNINGS[strategy]?.params(price) ?? {},
    mode: 'paper',
  };
}

/** Whether an existing demo bot's params still act at `price` (else it is made again). */
export function stillActs(strategy: string, params: Params, price: number): boolean {
  return TUNINGS[strategy]?.stillActs?.(params, price) ?? true;
}
