import { format } from './fixed';
import type { Order, Trade } from './orders';

/**
 * Order and trade JSON in Binance's shapes (rest-api.md "New order", "Query order", "Cancel
 * order", "Account trade list"). Decimals are strings with eight places.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export type ResponseType = 'ACK' | 'RESULT' | 'FULL';

const STP_MODE = 'EXPIRE_MAKER';

function ack(order: Order): Record<string, Json> {
  return {
    symbol: order.symbol,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: order.clientOrderId,
    transactTime: order.time,
  };
}

function result(order: Order): Record<string, Json> {
  return {
    ...ack(order),
    price: format(order.price),
    origQty: format(order.origQty),
    executedQty: format(order.executedQty),
    origQuoteOrderQty: format(order.origQuoteOrderQty),
    cummulativeQuoteQty: format(order.cummulativeQuoteQty),
    status: order.status,
    timeInForce: order.timeInForce,
    type: order.type,
    side: order.side,
    workingTime: order.time,
    selfTradePreventionMode: STP_MODE,
    ...expiry(order),
  };
}

/** rest-api.md "Conditional fields": `expiryReason` only on expired orders, never with ACK. */
function expiry(order: Order): Record<string, Json> {
  return order.expiryReason === undefined ? {} : { expiryReason: order.expiryReason };
}

/** POST /api/v3/order, by newOrderRespType (FULL adds the fills). */
export function newOrderView(order: Order, type: ResponseType): Record<string, Json> {
  if (type === 'ACK') return ack(order);
  if (type === 'RESULT') return result(order);
  return {
    ...result(order),
    fills: order.fills.map((fill) => ({
      price: format(fill.price),
      qty: format(fill.qty),
      commission: format(fill.commission),
      commissionAsset: fill.commissionAsset,
      tradeId: fill.id,
    })),
  };
}

/** GET /api/v3/order, /openOrders, /allOrders */
export function queryOrderView(order: Order): Record<string, Json> {
  return {
    symbol: order.symbol,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: order.clientOrderId,
    price: format(order.price),
    origQty: format(order.origQty),
    executedQty: format(order.executedQty),
    cummulativeQuoteQty: format(order.cummulativeQuoteQty),
    status: order.status,
    timeInForce: order.timeInForce,
    type: order.type,
    side: order.side,
    stopPrice: '0.00000000',
    icebergQty: '0.00000000',
    time: order.time,
    updateTime: order.updateTime,
    isWorking: true,
    workingTime: order.time,
    origQuoteOrderQty: format(order.origQuoteOrderQty),
    selfTradePreventionMode: STP_MODE,
    ...expiry(order),
  };
}

/** DELETE /api/v3/order: `clientOrderId` is the cancel request's own id. */
export function cancelOrderView(order: Order, cancelClientOrderId: string): Record<string, Json> {
  return {
    symbol: order.symbol,
    origClientOrderId: order.clientOrderId,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: cancelClientOrderId,
    transactTime: order.updateTime,
    price: format(order.price),
    origQty: format(order.origQty),
    executedQty: format(order.executedQty),
    origQuoteOrderQty: format(order.origQuoteOrderQty),
    cummulativeQuoteQty: format(order.cummulativeQuoteQty),
    status: order.status,
    timeInForce: order.timeInForce,
    type: order.type,
    side: order.side,
    selfTradePreventionMode: STP_MODE,
  };
}

/** GET /api/v3/myTrades */
export function tradeView(trade: Trade): Record<string, Json> {
  return {
    symbol: trade.symbol,
    id: trade.id,
    orderId: trade.orderId,
    orderListId: -1,
    price: format(trade.price),
    qty: format(trade.qty),
    quoteQty: format(trade.quoteQty),
    commission: format(trade.commission),
    commissionAsset: trade.commissionAsset,
    time: trade.time,
    isBuyer: trade.isBuyer,
    isMaker: trade.isMaker,
    isBestMatch: true,
  };
}
