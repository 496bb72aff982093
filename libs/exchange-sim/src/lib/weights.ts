import type { Params } from './params';

/**
 * Request weight of each endpoint (binance-spot-api-docs rest-api.md, "Weight" of each
 * endpoint; the same figures ccxt's binance.js carries as cost x 5). Unknown endpoints: 1.
 */
export function requestWeight(method: string, path: string, params: Params): number {
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /api/v3/ping':
    case 'GET /api/v3/time':
    case 'POST /api/v3/order':
    case 'DELETE /api/v3/order':
    case 'DELETE /api/v3/openOrders':
      return 1;
    case 'GET /api/v3/klines':
    case 'GET /api/v3/uiKlines':
    case 'GET /api/v3/avgPrice':
      return 2;
    case 'GET /api/v3/order':
      return 4;
    case 'POST /api/v3/order/test':
      return params.string('computeCommissionRates') === 'true' ? 20 : 1;
    case 'GET /api/v3/rateLimit/order':
      return 40;
    case 'GET /api/v3/exchangeInfo':
    case 'GET /api/v3/account':
    case 'GET /api/v3/allOrders':
      return 20;
    case 'GET /api/v3/myTrades':
      return params.has('orderId') ? 5 : 20;
    case 'GET /api/v3/openOrders':
      return params.has('symbol') ? 6 : 80;
    case 'GET /api/v3/depth':
      return depthWeight(params.int('limit') ?? 100);
    case 'GET /api/v3/ticker/24hr':
      return tickerWeight(params, 2, 40, 80);
    case 'GET /api/v3/ticker/price':
    case 'GET /api/v3/ticker/bookTicker':
      // `symbol` 2; `symbols` (any number) or none 4
      return params.has('symbol') ? 2 : 4;
    default:
      return 1;
  }
}

/** depth: 1-100 -> 5, 101-500 -> 25, 501-1000 -> 50, 1001-5000 -> 250 */
function depthWeight(limit: number): number {
  if (limit <= 100) return 5;
  if (limit <= 500) return 25;
  if (limit <= 1000) return 50;
  return 250;
}

/** `symbol` or up to 20 `symbols`: `one`; 21-100 symbols: `many`; more, or none: `all` */
function tickerWeight(params: Params, one: number, many: number, all: number): number {
  if (params.has('symbol')) return one;
  const symbols = params.string('symbols');
  if (symbols === undefined) return all;
  const count = symbols.split(',').length;
  if (count <= 20) return one;
  if (count <= 100) return many;
  return all;
}
