import type { OrderBook } from './book';
import { candleStats } from './candles';
import { bookLevelQty } from './depth';
import { ONE, format } from './fixed';
import type { Market } from './market';

const DAY_MS = 24 * 3600 * 1000;

/** GET /api/v3/ticker/24hr (FULL): rolling 24 hours ending at market time now. */
export function ticker24hr(market: Market, symbolId: string): Record<string, string | number> {
  const now = market.now();
  const openTime = now - DAY_MS;
  const stats = candleStats(market, symbolId, openTime, now);
  const quote = market.quote(symbolId, now);
  const change = stats.close - stats.open;
  const percent = stats.open > 0n ? Number((change * 100_000n) / stats.open) / 1000 : 0;
  const weighted = stats.volume > 0n ? (stats.quoteVolume * ONE) / stats.volume : stats.close;
  const step = market.stepAt(symbolId, now);
  return {
    symbol: symbolId,
    priceChange: format(change),
    priceChangePercent: percent.toFixed(3),
    weightedAvgPrice: format(weighted),
    prevClosePrice: format(market.price(symbolId, openTime - 1)),
    lastPrice: format(stats.close),
    lastQty: format(bookLevelQty(market, symbolId, now, 'ask', 7)),
    bidPrice: format(quote.bid),
    bidQty: format(bookLevelQty(market, symbolId, now, 'bid', 0)),
    askPrice: format(quote.ask),
    askQty: format(bookLevelQty(market, symbolId, now, 'ask', 0)),
    openPrice: format(stats.open),
    highPrice: format(stats.high),
    lowPrice: format(stats.low),
    volume: format(stats.volume),
    quoteVolume: format(stats.quoteVolume),
    openTime,
    closeTime: now,
    // trade ids only need to grow with time
    firstId: 2 ** 31 + step - stats.trades + 1,
    lastId: 2 ** 31 + step,
    count: stats.trades,
  };
}

/** GET /api/v3/ticker/24hr?type=MINI (rest-api.md "Response - MINI"): no book, no change. */
export function miniTicker(market: Market, symbolId: string): Record<string, string | number> {
  const t = ticker24hr(market, symbolId);
  const fields = ['symbol', 'openPrice', 'highPrice', 'lowPrice', 'lastPrice', 'volume'] as const;
  const more = ['quoteVolume', 'openTime', 'closeTime', 'firstId', 'lastId', 'count'] as const;
  return Object.fromEntries([...fields, ...more].map((name) => [name, t[name]]));
}

/** GET /api/v3/ticker/price */
export function tickerPrice(market: Market, symbolId: string): Record<string, string> {
  return { symbol: symbolId, price: format(market.price(symbolId)) };
}

/** GET /api/v3/ticker/bookTicker: the top of the book, as GET /api/v3/depth shows it. */
export function bookTicker(book: OrderBook, symbolId: string): Record<string, string> {
  const [bid] = book.side(symbolId, 'bid', 1);
  const [ask] = book.side(symbolId, 'ask', 1);
  return {
    symbol: symbolId,
    bidPrice: format(bid?.price ?? 0n),
    bidQty: format(bid?.qty ?? 0n),
    askPrice: format(ask?.price ?? 0n),
    askQty: format(ask?.qty ?? 0n),
  };
}
