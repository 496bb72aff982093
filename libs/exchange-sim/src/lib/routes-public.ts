import { klines } from './candles';
import { depthSnapshot } from './depth';
import { ILLEGAL_CHARS, INVALID_INTERVAL, INVALID_SYMBOL } from './errors';
import { exchangeInfo } from './exchange-info';
import { format } from './fixed';
import { isInterval } from './intervals';
import type { Json } from './order-views';
import type { Params } from './params';
import type { ExchangeState, Route } from './routes';
import type { SymbolConfig } from './symbols';
import { bookTicker, miniTicker, ticker24hr, tickerPrice } from './tickers';

/** `symbol` or `symbols`, and the status filter every ticker endpoint reads */
const SYMBOLS = ['symbol', 'symbols', 'symbolStatus'];

/** Market data endpoints (NONE security): no key, no signature, only weight. */
export function publicRoutes(state: ExchangeState): Route[] {
  const { market, engine } = state;
  const route = (path: string, params: string[], handle: (params: Params) => Json): Route => ({
    method: 'GET',
    path: `/api/v3/${path}`,
    signed: false,
    params,
    handle,
  });
  return [
    route('ping', [], () => ({})),
    route('time', [], () => ({ serverTime: state.serverTime() })),
    route('exchangeInfo', [...SYMBOLS, 'permissions', 'showPermissionSets'], (params) =>
      exchangeInfo(selectSymbols(state, params), {
        serverTime: state.serverTime(),
        weightLimit: state.weightLimit(),
        orderLimits: state.orderCounter.limits,
      }),
    ),
    // one object for `symbol`, an array for `symbols` or none; type=MINI drops the book fields
    route('ticker/24hr', [...SYMBOLS, 'type'], (params) => {
      const view = tickerType(params) === 'MINI' ? miniTicker : ticker24hr;
      return forSymbols(state, params, (s) => view(market, s.id));
    }),
    route('ticker/price', SYMBOLS, (params) =>
      forSymbols(state, params, (s) => tickerPrice(market, s.id)),
    ),
    route('ticker/bookTicker', SYMBOLS, (params) =>
      forSymbols(state, params, (s) => bookTicker(engine.book, s.id)),
    ),
    route('avgPrice', ['symbol'], (params) => {
      const s = requireSymbol(state, params);
      return { mins: 5, price: format(market.price(s.id)), closeTime: market.now() };
    }),
    route('depth', ['symbol', 'limit', 'symbolStatus'], (params) => {
      const s = requireSymbol(state, params);
      const limit = Math.max(1, Math.min(params.int('limit') ?? 100, 5000));
      return {
        ...depthSnapshot(engine.book.updateId(s.id), {
          bids: engine.book.side(s.id, 'bid', limit),
          asks: engine.book.side(s.id, 'ask', limit),
        }),
      };
    }),
    route(
      'klines',
      ['symbol', 'interval', 'startTime', 'endTime', 'timeZone', 'limit'],
      (params) => {
        const s = requireSymbol(state, params);
        const interval = params.requiredString('interval');
        if (!isInterval(interval)) throw INVALID_INTERVAL();
        return klines(market, s.id, {
          interval,
          startTime: params.timeMs('startTime'),
          endTime: params.timeMs('endTime'),
          limit: Math.max(1, Math.min(params.int('limit') ?? 500, 1000)),
        });
      },
    ),
  ];
}

export function requireSymbol(state: ExchangeState, params: Params): SymbolConfig {
  const s = state.market.symbol(params.requiredString('symbol'));
  if (!s) throw INVALID_SYMBOL();
  return s;
}

/** rest-api.md ticker/24hr `type`: FULL (default) or MINI */
function tickerType(params: Params): 'FULL' | 'MINI' {
  const type = params.string('type') ?? 'FULL';
  if (type !== 'FULL' && type !== 'MINI') throw ILLEGAL_CHARS('type', 'FULL, MINI');
  return type;
}

/** `symbol`, `symbols=[...]`, or every symbol; any unknown name is -1121. */
function selectSymbols(state: ExchangeState, params: Params): SymbolConfig[] {
  const one = params.string('symbol');
  const names = one !== undefined ? [one] : params.symbolList('symbols');
  if (names === undefined) return [...state.market.symbols.values()];
  return names.map((name) => {
    const s = state.market.symbol(name);
    if (!s) throw INVALID_SYMBOL();
    return s;
  });
}

function forSymbols(state: ExchangeState, params: Params, view: (s: SymbolConfig) => Json): Json {
  const list = selectSymbols(state, params).map(view);
  return params.has('symbol') ? list[0] : list;
}
