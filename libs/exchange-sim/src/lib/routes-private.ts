import { randomBytes } from 'node:crypto';
import type { Account } from './accounts';
import type { NewOrder, OrderRef } from './engine';
import {
  ILLEGAL_CHARS,
  INVALID_ORDER_TYPE,
  INVALID_SIDE,
  INVALID_TIME_IN_FORCE,
  MANDATORY_PARAM,
  NOT_REQUIRED,
  ONE_OF_PARAMS,
} from './errors';
import { ONE, format } from './fixed';
import {
  type Json,
  type ResponseType,
  cancelOrderView,
  newOrderView,
  queryOrderView,
  tradeView,
} from './order-views';
import { ORDER_TYPES, type OrderSide, type OrderType, type TimeInForce } from './orders';
import type { Params } from './params';
import { type ExchangeState, type Route, signedAccount } from './routes';
import { requireSymbol } from './routes-public';

// Binance's pattern for client order ids (newClientOrderId, origClientOrderId)
const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
const CLIENT_ID_RANGE = '^[\\.A-Z\\:/a-z0-9_-]{1,36}$';

/** Account and trading endpoints (SIGNED): the server checks key, signature and timestamp first. */
export function privateRoutes(state: ExchangeState): Route[] {
  const { engine } = state;
  const route = (
    method: Route['method'],
    path: string,
    handle: (params: Params, account: Account) => Json,
  ): Route => ({
    method,
    path: `/api/v3/${path}`,
    signed: true,
    handle: (params, account) => handle(params, signedAccount(account)),
  });
  return [
    {
      // what the key may do (weight 1): platforms warn on keys that can withdraw
      method: 'GET',
      path: '/sapi/v1/account/apiRestrictions',
      signed: true,
      handle: (_params, maybeAccount) => ({
        ipRestrict: false,
        createTime: 0,
        enableReading: true,
        enableSpotAndMarginTrading: true,
        enableWithdrawals: signedAccount(maybeAccount).canWithdraw,
        enableInternalTransfer: false,
        enableMargin: false,
        enableFutures: false,
        permitsUniversalTransfer: false,
        enableVanillaOptions: false,
      }),
    },
    route('GET', 'account', (params, account) =>
      accountView(state, account, params.string('omitZeroBalances') === 'true'),
    ),
    route('POST', 'order', (params, account) => {
      const request = parseNewOrder(state, params);
      const order = engine.place(account, request);
      return newOrderView(order, responseType(params));
    }),
    route('POST', 'order/test', (params, account) => {
      engine.test(account, parseNewOrder(state, params));
      return {};
    }),
    route('GET', 'order', (params, account) => {
      const s = requireSymbol(state, params);
      return queryOrderView(engine.get(account, s.id, orderRef(params)));
    }),
    route('DELETE', 'order', (params, account) => {
      const s = requireSymbol(state, params);
      const order = engine.cancel(account, s.id, orderRef(params));
      return cancelOrderView(order, clientId(params, 'newClientOrderId'));
    }),
    route('GET', 'openOrders', (params, account) => {
      const symbol = params.has('symbol') ? requireSymbol(state, params).id : undefined;
      return engine.store.openOrders(account.apiKey, symbol).map(queryOrderView);
    }),
    route('DELETE', 'openOrders', (params, account) => {
      const s = requireSymbol(state, params);
      return engine
        .cancelAll(account, s.id)
        .map((order) => cancelOrderView(order, clientId(params, 'newClientOrderId')));
    }),
    route('GET', 'allOrders', (params, account) => {
      const s = requireSymbol(state, params);
      const fromId = params.int('orderId');
      const orders = engine.store
        .allOrders(account.apiKey, s.id)
        .filter((o) => fromId === undefined || o.orderId >= fromId)
        .filter((o) => inTimeRange(o.time, params));
      return page(orders, params, fromId !== undefined || params.has('startTime')).map(
        queryOrderView,
      );
    }),
    route('GET', 'myTrades', (params, account) => {
      const s = requireSymbol(state, params);
      const orderId = params.int('orderId');
      const fromId = params.int('fromId');
      const trades = engine.store
        .tradesOf(account.apiKey, s.id)
        .filter((t) => orderId === undefined || t.orderId === orderId)
        .filter((t) => fromId === undefined || t.id >= fromId)
        .filter((t) => inTimeRange(t.time, params));
      return page(trades, params, fromId !== undefined || params.has('startTime')).map(tradeView);
    }),
  ];
}

function accountView(state: ExchangeState, account: Account, omitZero: boolean): Json {
  const rate = format(state.feeRate);
  // Binance's legacy fields count in hundredths of a percent: 10 = 0.1 %
  const bps = Number((state.feeRate * 10_000n) / ONE);
  const assets = [...new Set([...state.assets, ...account.balances.keys()])].sort();
  return {
    makerCommission: bps,
    takerCommission: bps,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: rate, taker: rate, buyer: '0.00000000', seller: '0.00000000' },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: account.updateTime,
    accountType: 'SPOT',
    balances: assets
      .map((asset) => ({ asset, ...account.balance(asset) }))
      .filter((b) => !omitZero || b.free > 0n || b.locked > 0n)
      .map((b) => ({ asset: b.asset, free: format(b.free), locked: format(b.locked) })),
    permissions: ['SPOT'],
    uid: 0,
  };
}

function parseNewOrder(state: ExchangeState, params: Params): NewOrder {
  const s = requireSymbol(state, params);
  const side = params.requiredString('side');
  if (side !== 'BUY' && side !== 'SELL') throw INVALID_SIDE();
  const type = params.requiredString('type');
  if (!ORDER_TYPES.includes(type as OrderType)) throw INVALID_ORDER_TYPE();
  const orderType = type as OrderType;
  const timeInForce = params.string('timeInForce');
  if (timeInForce !== undefined && !['GTC', 'IOC', 'FOK'].includes(timeInForce))
    throw INVALID_TIME_IN_FORCE();
  const quantity = params.decimal('quantity');
  const quoteOrderQty = params.decimal('quoteOrderQty');
  const price = params.decimal('price');
  if (orderType === 'MARKET') {
    if (price !== undefined) throw NOT_REQUIRED('price');
    if (timeInForce !== undefined) throw NOT_REQUIRED('timeInForce');
    if (quantity === undefined && quoteOrderQty === undefined)
      throw ONE_OF_PARAMS('quantity', 'quoteOrderQty');
    if (quantity !== undefined && quoteOrderQty !== undefined) throw NOT_REQUIRED('quoteOrderQty');
  } else {
    if (orderType === 'LIMIT' && timeInForce === undefined) throw MANDATORY_PARAM('timeInForce');
    if (orderType === 'LIMIT_MAKER' && timeInForce !== undefined) throw NOT_REQUIRED('timeInForce');
    if (quantity === undefined) throw MANDATORY_PARAM('quantity');
    if (price === undefined) throw MANDATORY_PARAM('price');
    if (quoteOrderQty !== undefined) throw NOT_REQUIRED('quoteOrderQty');
  }
  responseType(params);
  return {
    symbol: s.id,
    side: side as OrderSide,
    type: orderType,
    timeInForce: timeInForce as TimeInForce | undefined,
    quantity,
    quoteOrderQty,
    price,
    clientOrderId: clientId(params, 'newClientOrderId'),
  };
}

/** Binance: FULL by default for MARKET and LIMIT orders. */
function responseType(params: Params): ResponseType {
  const value = params.string('newOrderRespType') ?? 'FULL';
  if (value !== 'ACK' && value !== 'RESULT' && value !== 'FULL') {
    throw ILLEGAL_CHARS('newOrderRespType', 'ACK|RESULT|FULL');
  }
  return value;
}

/** The given id (checked against Binance's pattern) or a generated one, as Binance does. */
function clientId(params: Params, name: string): string {
  const value = params.string(name);
  if (value === undefined) return randomBytes(16).toString('base64url').slice(0, 22);
  if (!CLIENT_ID.test(value)) throw ILLEGAL_CHARS(name, CLIENT_ID_RANGE);
  return value;
}

function orderRef(params: Params): OrderRef {
  const orderId = params.int('orderId');
  const origClientOrderId = params.string('origClientOrderId');
  if (orderId === undefined && origClientOrderId === undefined)
    throw ONE_OF_PARAMS('origClientOrderId', 'orderId');
  if (origClientOrderId !== undefined && !CLIENT_ID.test(origClientOrderId)) {
    throw ILLEGAL_CHARS('origClientOrderId', CLIENT_ID_RANGE);
  }
  return { orderId, clientOrderId: origClientOrderId };
}

function inTimeRange(time: number, params: Params): boolean {
  const start = params.int('startTime');
  const end = params.int('endTime');
  return (start === undefined || time >= start) && (end === undefined || time <= end);
}

/** limit (default 500, at most 1000): the oldest when paging forward, else the latest. */
function page<T>(items: T[], params: Params, forward: boolean): T[] {
  const limit = Math.max(1, Math.min(params.int('limit') ?? 500, 1000));
  return forward ? items.slice(0, limit) : items.slice(-limit);
}
