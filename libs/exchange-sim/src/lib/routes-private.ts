import { randomBytes } from 'node:crypto';
import type { Account } from './accounts';
import type { CancelRestriction, NewOrder, OrderRef } from './engine';
import {
  ICEBERG_NOT_SUPPORTED,
  ILLEGAL_CHARS,
  INVALID_CANCEL_RESTRICTIONS,
  INVALID_ORDER_TYPE,
  INVALID_SIDE,
  INVALID_TIME_IN_FORCE,
  MANDATORY_PARAM,
  NOT_REQUIRED,
  ONE_OF_PARAMS,
  PARAMS_COMBINATION,
  RANGE_TOO_LONG,
  UNKNOWN_ORDER_CANCEL,
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
import { type ExchangeState, type Reply, type Route, SIGNED_PARAMS, signedAccount } from './routes';
import { requireSymbol } from './routes-public';

const DAY_MS = 86_400_000;

// Binance's pattern for client order ids (newClientOrderId, origClientOrderId)
const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
const CLIENT_ID_RANGE = '^[\\.A-Z\\:/a-z0-9_-]{1,36}$';

/** POST /api/v3/order (rest-api.md "New order"); order/test reads computeCommissionRates too */
const NEW_ORDER_PARAMS = [
  'symbol',
  'side',
  'type',
  'timeInForce',
  'quantity',
  'quoteOrderQty',
  'price',
  'newClientOrderId',
  'strategyId',
  'strategyType',
  'stopPrice',
  'trailingDelta',
  'icebergQty',
  'newOrderRespType',
  'selfTradePreventionMode',
  'pegPriceType',
  'pegOffsetValue',
  'pegOffsetType',
];

/** read, but only stop, trailing and pegged orders use them, and this simulator lists none */
const UNUSED_ORDER_PARAMS = [
  'stopPrice',
  'trailingDelta',
  'pegPriceType',
  'pegOffsetValue',
  'pegOffsetType',
];

const ORDER_REF = ['symbol', 'orderId', 'origClientOrderId'];

/** Account and trading endpoints (SIGNED): the server checks key, signature and timestamp first. */
export function privateRoutes(state: ExchangeState): Route[] {
  const { engine } = state;
  const route = (
    method: Route['method'],
    path: string,
    params: string[],
    handle: (params: Params, account: Account, reply: Reply) => Json,
  ): Route => ({
    method,
    path: `/api/v3/${path}`,
    signed: true,
    params: [...params, ...SIGNED_PARAMS],
    handle: (p, account, reply) => handle(p, signedAccount(account), reply),
  });
  return [
    {
      // what the key may do (weight 1): platforms warn on keys that can withdraw
      method: 'GET',
      path: '/sapi/v1/account/apiRestrictions',
      signed: true,
      params: SIGNED_PARAMS,
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
    route('GET', 'account', ['omitZeroBalances'], (params, account) =>
      accountView(state, account, params.string('omitZeroBalances') === 'true'),
    ),
    route('POST', 'order', NEW_ORDER_PARAMS, (params, account, reply) => {
      const request = parseNewOrder(state, params);
      const counter = state.orderCounter;
      counter.admit(account.apiKey);
      // the count includes this order; its first fill takes one off after the answer's count
      Object.assign(reply.headers, counter.record(account.apiKey));
      try {
        return newOrderView(engine.place(account, request), responseType(params, request.type));
      } catch (error) {
        counter.credit(account.apiKey); // a refused order is not counted
        throw error;
      }
    }),
    route(
      'POST',
      'order/test',
      [...NEW_ORDER_PARAMS, 'computeCommissionRates'],
      (params, account) => {
        engine.test(account, parseNewOrder(state, params));
        return params.string('computeCommissionRates') === 'true' ? commissionRates(state) : {};
      },
    ),
    route('GET', 'order', ORDER_REF, (params, account) => {
      const s = requireSymbol(state, params);
      return queryOrderView(engine.get(account, s.id, orderRef(params)));
    }),
    route(
      'DELETE',
      'order',
      [...ORDER_REF, 'newClientOrderId', 'cancelRestrictions'],
      (params, account) => {
        const s = requireSymbol(state, params);
        const order = engine.cancel(account, s.id, orderRef(params), cancelRestriction(params));
        return cancelOrderView(order, clientId(params, 'newClientOrderId'));
      },
    ),
    route('GET', 'openOrders', ['symbol'], (params, account) => {
      const symbol = params.has('symbol') ? requireSymbol(state, params).id : undefined;
      return engine.store.openOrders(account.apiKey, symbol).map(queryOrderView);
    }),
    route('DELETE', 'openOrders', ['symbol'], (params, account) => {
      const s = requireSymbol(state, params);
      const canceled = engine.cancelAll(account, s.id);
      // live Binance answers -2011 when nothing is open (binance-connector-python#185)
      if (canceled.length === 0 && state.emptyCancelAllFails) throw UNKNOWN_ORDER_CANCEL();
      return canceled.map((order) => cancelOrderView(order, clientId(params, 'newClientOrderId')));
    }),
    route(
      'GET',
      'allOrders',
      ['symbol', 'orderId', 'startTime', 'endTime', 'limit'],
      (params, account) => {
        const s = requireSymbol(state, params);
        const range = timeRange(params, state.strictParams);
        const fromId = params.int('orderId');
        const orders = engine.store
          .allOrders(account.apiKey, s.id)
          .filter((o) => fromId === undefined || o.orderId >= fromId)
          .filter((o) => inRange(o.time, range));
        return page(orders, params, fromId !== undefined || range.start !== undefined).map(
          queryOrderView,
        );
      },
    ),
    route(
      'GET',
      'myTrades',
      ['symbol', 'orderId', 'startTime', 'endTime', 'fromId', 'limit'],
      (params, account) => {
        const s = requireSymbol(state, params);
        if (state.strictParams) checkTradeQuery(params);
        const range = timeRange(params, state.strictParams);
        const orderId = params.int('orderId');
        const fromId = params.int('fromId');
        const trades = engine.store
          .tradesOf(account.apiKey, s.id)
          .filter((t) => orderId === undefined || t.orderId === orderId)
          .filter((t) => fromId === undefined || t.id >= fromId)
          .filter((t) => inRange(t.time, range));
        return page(trades, params, fromId !== undefined || range.start !== undefined).map(
          tradeView,
        );
      },
    ),
    route('GET', 'rateLimit/order', [], (_params, account) =>
      state.orderCounter.usage(account.apiKey),
    ),
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
  // exchangeInfo says icebergAllowed: false (errors.md, -2010 messages)
  if (params.has('icebergQty')) throw ICEBERG_NOT_SUPPORTED();
  for (const name of UNUSED_ORDER_PARAMS) if (params.has(name)) throw NOT_REQUIRED(name);
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
  responseType(params, orderType);
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

/**
 * rest-api.md newOrderRespType: "MARKET and LIMIT order types default to FULL, all other
 * orders default to ACK" (LIMIT_MAKER: ACK).
 */
function responseType(params: Params, type: OrderType): ResponseType {
  const value = params.string('newOrderRespType') ?? (type === 'LIMIT_MAKER' ? 'ACK' : 'FULL');
  if (value !== 'ACK' && value !== 'RESULT' && value !== 'FULL') {
    throw ILLEGAL_CHARS('newOrderRespType', 'ACK|RESULT|FULL');
  }
  return value;
}

/**
 * order/test with computeCommissionRates=true (rest-api.md "Test new order"): the standard
 * rate for maker and taker; no special or tax rates, no BNB discount for this account.
 */
function commissionRates(state: ExchangeState): Json {
  const rate = format(state.feeRate);
  const zero = format(0n);
  return {
    standardCommissionForOrder: { maker: rate, taker: rate },
    specialCommissionForOrder: { maker: zero, taker: zero },
    taxCommissionForOrder: { maker: zero, taker: zero },
    discount: {
      enabledForAccount: false,
      enabledForSymbol: true,
      discountAsset: 'BNB',
      discount: '0.25000000',
    },
  };
}

/** DELETE /api/v3/order `cancelRestrictions`: ONLY_NEW or ONLY_PARTIALLY_FILLED. */
function cancelRestriction(params: Params): CancelRestriction | undefined {
  const value = params.string('cancelRestrictions');
  if (value === undefined) return undefined;
  if (value !== 'ONLY_NEW' && value !== 'ONLY_PARTIALLY_FILLED') {
    throw INVALID_CANCEL_RESTRICTIONS();
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

interface TimeRange {
  start?: number;
  end?: number;
}

/** allOrders, myTrades: "The time between startTime and endTime can't be longer than 24 hours." */
function timeRange(params: Params, strict: boolean): TimeRange {
  const start = params.timeMs('startTime');
  const end = params.timeMs('endTime');
  if (strict && start !== undefined && end !== undefined && end - start > DAY_MS) {
    throw RANGE_TOO_LONG(24);
  }
  return { start, end };
}

function inRange(time: number, range: TimeRange): boolean {
  return (
    (range.start === undefined || time >= range.start) &&
    (range.end === undefined || time <= range.end)
  );
}

/**
 * myTrades' supported combinations (rest-api.md "Account trade list"): a time range goes with
 * neither fromId nor orderId; anything else is -1128.
 */
function checkTradeQuery(params: Params): void {
  const timed = params.has('startTime') || params.has('endTime');
  if (timed && (params.has('fromId') || params.has('orderId'))) throw PARAMS_COMBINATION();
}

/** limit (default 500, at most 1000): the oldest when paging forward, else the latest. */
function page<T>(items: T[], params: Params, forward: boolean): T[] {
  const limit = Math.max(1, Math.min(params.int('limit') ?? 500, 1000));
  return forward ? items.slice(0, limit) : items.slice(-limit);
}
