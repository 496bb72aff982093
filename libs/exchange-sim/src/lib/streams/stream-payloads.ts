import { klineRow } from '../candles';
import { candleOpen } from '../intervals';
import type { Market } from '../market';
import { ticker24hr } from '../tickers';
import type { StreamName } from './stream-names';

// Event payloads of Binance's market streams (web-socket-streams.md), built from the same
// price paths as the REST answers: a stream ticker and GET /api/v3/ticker/24hr agree.

export type StreamPayload = Record<string, unknown> | Record<string, unknown>[];

/** `<symbol>@ticker`: the 24 h rolling window, as GET /api/v3/ticker/24hr in short field names. */
export function tickerEvent(market: Market, symbolId: string): Record<string, unknown> {
  const t = ticker24hr(market, symbolId);
  return {
    e: '24hrTicker',
    E: market.now(),
    s: symbolId,
    p: t.priceChange,
    P: t.priceChangePercent,
    w: t.weightedAvgPrice,
    x: t.prevClosePrice,
    c: t.lastPrice,
    Q: t.lastQty,
    b: t.bidPrice,
    B: t.bidQty,
    a: t.askPrice,
    A: t.askQty,
    o: t.openPrice,
    h: t.highPrice,
    l: t.lowPrice,
    v: t.volume,
    q: t.quoteVolume,
    O: t.openTime,
    C: t.closeTime,
    F: t.firstId,
    L: t.lastId,
    n: t.count,
  };
}

/** `<symbol>@miniTicker`: close, open, high, low and volumes of the 24 h window. */
export function miniTickerEvent(market: Market, symbolId: string): Record<string, unknown> {
  const t = ticker24hr(market, symbolId);
  return {
    e: '24hrMiniTicker',
    E: market.now(),
    s: symbolId,
    c: t.lastPrice,
    o: t.openPrice,
    h: t.highPrice,
    l: t.lowPrice,
    v: t.volume,
    q: t.quoteVolume,
  };
}

/**
 * `<symbol>@kline_<interval>` for the candle opening at `open` (default: the one open now).
 * `x` is true once market time has passed the candle's close: its final values.
 */
export function klineEvent(
  market: Market,
  symbolId: string,
  interval: string,
  open: number = candleOpen(interval, market.now()),
): Record<string, unknown> {
  const [t, o, h, l, c, v, T, q, n, V, Q] = klineRow(market, symbolId, interval, open);
  const lastTrade = 2 ** 31 + market.stepAt(symbolId, Math.min(T, market.now()));
  return {
    e: 'kline',
    E: market.now(),
    s: symbolId,
    k: {
      t,
      T,
      s: symbolId,
      i: interval,
      f: lastTrade - n + 1,
      L: lastTrade,
      o,
      c,
      h,
      l,
      v,
      n,
      x: market.now() > T,
      q,
      V,
      Q,
      B: '0',
    },
  };
}

/** The payload of a stream now (a kline stream: its open candle). */
export function payloadOf(market: Market, stream: StreamName): StreamPayload {
  const all = () => [...market.symbols.keys()];
  switch (stream.kind) {
    case 'ticker':
      return tickerEvent(market, stream.symbolId);
    case 'miniTicker':
      return miniTickerEvent(market, stream.symbolId);
    case 'kline':
      return klineEvent(market, stream.symbolId, stream.interval);
    case 'allTickers':
      return all().map((id) => tickerEvent(market, id));
    case 'allMiniTickers':
      return all().map((id) => miniTickerEvent(market, id));
  }
}
