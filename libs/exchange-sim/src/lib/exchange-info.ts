import { exchangeInfoFilters } from './filters';
import type { OrderLimit } from './order-counter';
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
  limits: { serverTime: number; weightLimit: number; orderLimits: readonly OrderLimit[] },
): Record<string, Json> {
  return {
    timezone: 'UTC',
    serverTime: limits.serverTime,
    rateLimits: [
      {
        rateLimitType: 'REQUEST_WEIGHT',
        interval: 'MINUTE',
        intervalNum: 1,
        limit: limits.weightLimit,
      },
      ...limits.orderLimits.map((l) => ({ rateLimitType: 'ORDERS', ...l })),
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
