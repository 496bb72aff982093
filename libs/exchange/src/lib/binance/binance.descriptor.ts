import { binanceListing } from '@platform/contracts';
import type { ExchangeDescriptor } from '../descriptor/exchange-descriptor';

const RECV_WINDOW_MS = 5000;

/**
 * Binance spot (binance-spot-api-docs): every Binance fact the platform relies on; the public
 * ones (timeframes, key formats) from its listing in libs/contracts.
 */
export const binanceDescriptor: ExchangeDescriptor = {
  id: binanceListing.id,
  weights: {
    loadMarkets: 20,
    fetchTicker: 2,
    fetchTickers: (symbols) =>
      symbols === undefined ? 80 : symbols <= 20 ? 2 : symbols <= 100 ? 40 : 80,
    fetchCandles: 2,
    fetchBalance: 20,
    createOrder: 1,
    fetchOrder: 4,
    cancelOrder: 1,
    fetchOpenOrders: (withSymbol) => (withSymbol ? 6 : 80),
    fetchOrderFills: 5, // myTrades with orderId
    fetchOrdersSince: 20, // allOrders
    fetchKeyPermissions: 1, // sapi apiRestrictions
  },
  weightPerMinute: 6000,
  // GET /api/v3/klines `limit`
  candlesPerRequest: 1000,
  timeframes: binanceListing.timeframes,
  // ORDERS limits, counted per account
  orderRateLimits: [
    { orders: 100, perMs: 10_000 },
    { orders: 200_000, perMs: 86_400_000 },
  ],
  // rest-api.md "Unfilled Order Count": sent with every order answer, refusals included
  orderCountHeaders: { 'x-mbx-order-count-10s': 10_000, 'x-mbx-order-count-1d': 86_400_000 },
  credentials: binanceListing.credentials,
  keyPermissions: {
    method: 'sapiGetAccountApiRestrictions',
    read: (answer) => ({
      canTrade: answer['enableSpotAndMarginTrading'] === true,
      canWithdraw: answer['enableWithdrawals'] === true,
    }),
  },
  errors: {
    // 418: {"code":-1003,"msg":"Way too much request weight used; IP banned until 1700000000000. ..."}
    bannedUntil: /banned until (\d{13})/i,
    // a bad signature or key (-1022/-2014/-2015) is filed by ccxt under BadRequest or
    // OperationRejected in some API sections; the message says what it is
    authentication:
      /signature for this request is not valid|invalid api-key|api-key format invalid|-1022|-2014|-2015/i,
    insufficientFunds: /insufficient balance/i,
    unknownMarket: /does not have market symbol|invalid symbol/i,
    // -1015 "Too many new orders; current limit is %s orders per %s." (ccxt files it under
    // RateLimitExceeded or InvalidOrder depending on the API section)
    orderRateLimited: /too many new orders/i,
  },
  orderParams: { newOrderRespType: 'FULL' }, // fills and fees in the answer
  clientOrderIdLookup: (clientOrderId) => ({ clientOrderId, origClientOrderId: clientOrderId }),
  sendWindow: {
    windowMs: RECV_WINDOW_MS,
    // `timestamp` + `recvWindow`: refused once it arrives later than the window after the stamp
    params: (stampMs) => ({ timestamp: stampMs, recvWindow: RECV_WINDOW_MS }),
  },
};
