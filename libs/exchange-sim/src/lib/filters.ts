import { type Fixed, format } from './fixed';
import type { SymbolConfig } from './symbols';

/**
 * Symbol filters as Binance applies them (binance-spot-api-docs filters.md). Each check returns
 * the failing filter's name, which goes into "Filter failure: <NAME>" (-1013).
 */
export type FilterName =
  | 'PRICE_FILTER'
  | 'PERCENT_PRICE_BY_SIDE'
  | 'LOT_SIZE'
  | 'NOTIONAL'
  | 'MAX_NUM_ORDERS';

/** Most open orders per symbol and account (Binance's MAX_NUM_ORDERS default). */
export const MAX_NUM_ORDERS = 200;

/** PRICE_FILTER: minPrice <= price <= maxPrice and (price - minPrice) % tickSize == 0. */
export function checkPrice(s: SymbolConfig, price: Fixed): FilterName | null {
  if (price < s.minPrice || price > s.maxPrice) return 'PRICE_FILTER';
  if ((price - s.minPrice) % s.tickSize !== 0n) return 'PRICE_FILTER';
  return null;
}

/**
 * PERCENT_PRICE_BY_SIDE: a limit price within 0.2x..5x of the current price (Binance compares
 * with the average price of the last avgPriceMins minutes and has per-side multipliers).
 */
export function checkPercentPrice(price: Fixed, current: Fixed): FilterName | null {
  if (price * 5n < current || price > current * 5n) return 'PERCENT_PRICE_BY_SIDE';
  return null;
}

/** LOT_SIZE: minQty <= quantity <= maxQty and (quantity - minQty) % stepSize == 0. */
export function checkQuantity(s: SymbolConfig, quantity: Fixed): FilterName | null {
  if (quantity < s.minQty || quantity > s.maxQty) return 'LOT_SIZE';
  if ((quantity - s.minQty) % s.stepSize !== 0n) return 'LOT_SIZE';
  return null;
}

/**
 * NOTIONAL: minNotional <= price * quantity (applyMinToMarket: true), and for LIMIT orders
 * price * quantity <= maxNotional (applyMaxToMarket: false). Market orders are valued at the
 * current price (Binance uses the average price of the last avgPriceMins minutes).
 */
export function checkNotional(
  s: SymbolConfig,
  notional: Fixed,
  isMarket: boolean,
): FilterName | null {
  if (notional < s.minNotional) return 'NOTIONAL';
  if (!isMarket && notional > s.maxNotional) return 'NOTIONAL';
  return null;
}

export function checkOpenOrderCount(openOnSymbol: number): FilterName | null {
  return openOnSymbol >= MAX_NUM_ORDERS ? 'MAX_NUM_ORDERS' : null;
}

/** The filters of a symbol as exchangeInfo lists them; ccxt derives precision and limits here. */
export function exchangeInfoFilters(s: SymbolConfig): Record<string, string | number | boolean>[] {
  return [
    {
      filterType: 'PRICE_FILTER',
      minPrice: format(s.minPrice),
      maxPrice: format(s.maxPrice),
      tickSize: format(s.tickSize),
    },
    {
      filterType: 'LOT_SIZE',
      minQty: format(s.minQty),
      maxQty: format(s.maxQty),
      stepSize: format(s.stepSize),
    },
    // Binance publishes a separate MARKET_LOT_SIZE with a zero step (no step check for market)
    {
      filterType: 'MARKET_LOT_SIZE',
      minQty: '0.00000000',
      maxQty: format(s.maxQty),
      stepSize: '0.00000000',
    },
    {
      filterType: 'PERCENT_PRICE_BY_SIDE',
      bidMultiplierUp: '5',
      bidMultiplierDown: '0.2',
      askMultiplierUp: '5',
      askMultiplierDown: '0.2',
      avgPriceMins: 5,
    },
    {
      filterType: 'NOTIONAL',
      minNotional: format(s.minNotional),
      applyMinToMarket: true,
      maxNotional: format(s.maxNotional),
      applyMaxToMarket: false,
      avgPriceMins: 5,
    },
    { filterType: 'MAX_NUM_ORDERS', maxNumOrders: MAX_NUM_ORDERS },
    { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
  ];
}
