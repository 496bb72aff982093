import { exchangeInfoFilters } from './filters';
import type { Json } from './order-views';
import { ORDER_TYPES } from './orders';
import type { SymbolConfig } from './symbols';

/**
 * GET /api/v3/exchangeInfo for the configured symbols. ccxt reads status, baseAsset,
 * quoteAsset, orderTypes (it refuses order types not listed), the precisions, and the
 * PRICE_FILTER / LOT_SIZE / MARKET_LOT_SIZE / NOTIONAL filters for precision and limits.
 */
export function exchangeInfo(
  symbols: readonly SymbolConfig[],
  serverTime: number,
  weightLimit: number,
): Record<string, Json> {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: weightLimit },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ],
    exchangeFilters: [],
    symbols: symbols.map(symbolInfo),
  };
}

function symbolInfo(s: SymbolConfig): Record<string, Json> {
  return {
    symbol: s.id,
    status: s.status,
    baseAsset: s.base,
    baseAssetPrecision: 8,
    quoteAsset: s.quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: [...ORDER_TYPES],
    icebergAllowed: false,
    ocoAllowed: false,
    otoAllowed: false,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: false,
    cancelReplaceAllowed: false,
    amendAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: exchangeInfoFilters(s),
    permissions: ['SPOT'],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}
