import { type Fixed, fixed, format } from './fixed';
import { seededRandom } from './random';

/** A spot market as configured (decimal strings as Binance writes them in exchangeInfo). */
export interface SymbolSpec {
  base: string;
  quote: string;
  /** Price at the simulator's epoch. */
  price: number;
  tickSize: string;
  stepSize: string;
  minQty: string;
  maxQty?: string;
  minPrice?: string;
  maxPrice?: string;
  minNotional: string;
  maxNotional?: string;
  /** Annualized volatility of the price path (default 0.6). */
  volatility?: number;
  /** Expected log return per year (default 0). */
  drift?: number;
  /** Quote volume per day reported by klines and tickers (default 50M quote units). */
  dailyQuoteVolume?: number;
  /** 'BREAK': listed but not trading (ccxt marks it inactive; orders get -1013). */
  status?: 'TRADING' | 'BREAK';
}

/** The same market with parsed filters, as the engine uses it. */
export interface SymbolConfig {
  id: string;
  base: string;
  quote: string;
  startPrice: number;
  tickSize: Fixed;
  stepSize: Fixed;
  minQty: Fixed;
  maxQty: Fixed;
  minPrice: Fixed;
  maxPrice: Fixed;
  minNotional: Fixed;
  maxNotional: Fixed;
  volatility: number;
  drift: number;
  dailyQuoteVolume: number;
  status: 'TRADING' | 'BREAK';
}

/** A USDT market with Binance-like filters: min quantity one step, min notional 5 USDT. */
function usdt(base: string, price: number, tickSize: string, stepSize: string): SymbolSpec {
  return { base, quote: 'USDT', price, tickSize, stepSize, minQty: stepSize, minNotional: '5' };
}

/** Ticks and steps as Binance lists them for these pairs. */
export const DEFAULT_SYMBOLS: readonly SymbolSpec[] = [
  usdt('BTC', 60000, '0.01', '0.00001'),
  usdt('ETH', 3000, '0.01', '0.0001'),
  usdt('SOL', 150, '0.01', '0.001'),
  usdt('BNB', 600, '0.01', '0.001'),
  usdt('XRP', 0.6, '0.0001', '0.1'),
  usdt('ADA', 0.45, '0.0001', '0.1'),
  usdt('DOGE', 0.12, '0.00001', '1'),
  {
    base: 'ETH',
    quote: 'BTC',
    price: 0.05,
    tickSize: '0.00001',
    stepSize: '0.0001',
    minQty: '0.0001',
    minNotional: '0.0001',
    volatility: 0.4,
  },
];

export function resolveSymbol(spec: SymbolSpec): SymbolConfig {
  const config: SymbolConfig = {
    id: `${spec.base}${spec.quote}`,
    base: spec.base,
    quote: spec.quote,
    startPrice: spec.price,
    tickSize: fixed(spec.tickSize),
    stepSize: fixed(spec.stepSize),
    minQty: fixed(spec.minQty),
    maxQty: fixed(spec.maxQty ?? '9000000'),
    minPrice: fixed(spec.minPrice ?? spec.tickSize),
    maxPrice: fixed(spec.maxPrice ?? '1000000'),
    minNotional: fixed(spec.minNotional),
    maxNotional: fixed(spec.maxNotional ?? '9000000'),
    volatility: spec.volatility ?? 0.6,
    drift: spec.drift ?? 0,
    dailyQuoteVolume: spec.dailyQuoteVolume ?? 50_000_000,
    status: spec.status ?? 'TRADING',
  };
  if (!/^[A-Z0-9]{2,12}$/.test(config.base) || !/^[A-Z0-9]{2,12}$/.test(config.quote)) {
    throw new Error(`asset names must be 2-12 upper-case letters or digits: ${config.id}`);
  }
  if (config.tickSize <= 0n || config.stepSize <= 0n) {
    throw new Error(`tickSize and stepSize must be positive: ${config.id}`);
  }
  return config;
}

/** "BTC/USDT" or "BTCUSDT" for a configured symbol. */
export function parseSymbolName(name: string, known: readonly SymbolSpec[]): SymbolSpec {
  const [base, quote] = name.toUpperCase().split('/');
  const found = known.find((s) =>
    quote === undefined ? `${s.base}${s.quote}` === base : s.base === base && s.quote === quote,
  );
  if (!found)
    throw new Error(`unknown symbol ${name} (known: ${known.map(displayName).join(', ')})`);
  return found;
}

export function displayName(spec: SymbolSpec): string {
  return `${spec.base}/${spec.quote}`;
}

function powerOfTen(exponent: number): string {
  const clamped = Math.max(-8, Math.min(6, exponent));
  return format(10n ** BigInt(clamped + 8)).replace(/\.?0+$/, '');
}

/**
 * `count` extra USDT markets named SIM01..SIMnn with seeded prices between 0.01 and 10,000 and
 * filters that fit them (about five significant digits of price, min notional 5 USDT), for
 * benchmarks that need many symbols.
 */
export function generateSymbols(count: number, seed: number): SymbolSpec[] {
  const random = seededRandom(seed ^ 0x5eed5);
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const price = Number((10 ** (-2 + random() * 6)).toPrecision(5));
    const magnitude = Math.floor(Math.log10(price));
    const tickSize = powerOfTen(magnitude - 4);
    const stepSize = powerOfTen(Math.min(0, Math.ceil(Math.log10(5 / price)) - 2));
    return {
      base: `SIM${String(i + 1).padStart(width, '0')}`,
      quote: 'USDT',
      price: Number(fixed(tickSize) * BigInt(Math.round(price / Number(tickSize)))) / 1e8,
      tickSize,
      stepSize,
      minQty: stepSize,
      minNotional: '5',
      volatility: 0.4 + random() * 0.8,
    };
  });
}
