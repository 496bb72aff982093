import { klines } from './candles';
import { depth } from './depth';
import { INVALID_INTERVAL, INVALID_SYMBOL } from './errors';
import { exchangeInfo } from './exchange-info';
import { format } from './fixed';
import { isInterval } from './intervals';
import type { Json } from './order-views';
import type { Params } from './params';
import type { ExchangeState, Route } from './routes';
import type { SymbolConfig } from './symbols';
import { bookTicker, ticker24hr, tickerPrice } from './tickers';

/** Market data endpoints (NONE security): no key, no signature, only weight. */
export function publicRoutes(state: ExchangeState): Route[] {
  const { market } = state;
  const route = (path: string, handle: (params: Params) => Json): Route => ({
    method: 'GET',
    path: `/api/v3/${path}`,
    signed: false,
    handle,
  });
  return [
    route('ping', () => ({})),
    route('time', () => ({ serverTime: state.serverTime() })),
    route('exchangeInfo', (params) =>
      exchangeInfo(selectSymbols(state, params), state.serverTime(), state.weightLimit()),
    ),
    // one object for `symbol`, an array for `symbols` or none
    route('ticker/24hr', (params) => forSymbols(state, params, (s) => ticker24hr(market, s.id))),
    route('ticker/price', (params) => forSymbols(state, params, (s) => tickerPrice(market, s.id))),
    route('ticker/bookTicker', (params) =>
      forSymbols(state, params, (s) => bookTicker(market, s.id)),
    ),
    route('avgPrice', (params) => {
      const s = requireSymbol(state, params);
      return { mins: 5, price: format(market.price(s.id)), closeTime: market.now() };
    }),
    route('depth', (params) => {
      const s = requireSymbol(state, params);
      const limit = Math.max(1, Math.min(params.int('limit') ?? 100, 5000));
      return { ...depth(market, s.id, limit) };
    }),
    route('klines', (params) => {
      const s = requireSymbol(state, params);
      const interval = params.requiredString('interval');
      if (!isInterval(interval)) throw INVALID_INTERVAL();
      return klines(market, s.id, {
        interval,
        startTime: params.int('startTime'),
        endTime: params.int('endTime'),
        limit: Math.max(1, Math.min(params.int('limit') ?? 500, 1000)),
      });
    }),
  ];
}

export function requireSymbol(state: ExchangeState, params: Params): SymbolConfig {
  const s = state.market.symbol(params.requiredString('symbol'));
  if (!s) throw INVALID_SYMBOL();
  return s;
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
