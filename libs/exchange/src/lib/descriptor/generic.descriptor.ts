import type { ExchangeDescriptor } from './exchange-descriptor';

/**
 * What is assumed of an exchange nobody has described: one weight per call, small candle
 * pages, no known error messages, no key probe and no send window (so never live).
 */
export function genericDescriptor(id: string): ExchangeDescriptor {
  return {
    id,
    weights: {
      loadMarkets: 1,
      fetchTicker: 1,
      fetchTickers: () => 1,
      fetchCandles: 1,
      fetchBalance: 1,
      createOrder: 1,
      fetchOrder: 1,
      cancelOrder: 1,
      fetchOpenOrders: () => 1,
      fetchOrderFills: 1,
      fetchOrdersSince: 1,
      fetchKeyPermissions: 1,
    },
    weightPerMinute: 60,
    candlesPerRequest: 500,
    timeframes: ['1m', '5m', '15m', '1h', '4h', '1d'],
    orderRateLimits: [],
    orderCountHeaders: {},
    credentials: null,
    keyPermissions: null,
    errors: {
      bannedUntil: null,
      orderRateLimited: null,
      authentication: null,
      insufficientFunds: null,
      unknownMarket: null,
    },
    orderParams: {},
    clientOrderIdLookup: (clientOrderId) => ({ clientOrderId }),
    sendWindow: null,
  };
}
