import type { MarketInfo, PaperMarketSource, Ticker } from '@platform/exchange';
import { btcUsdtMarket } from '@platform/testing';

/**
 * The BTC/USDT market of the paper engine specs, at whatever price the spec sets: its ticker
 * (`spread` below and above the last price, `depth` quoted at both, if given) and the paper
 * exchange's market source over it.
 */
export function handMovedMarket(
  price: () => number,
  spread = 0.01,
  market: MarketInfo = btcUsdtMarket,
  depth: string | null = null,
) {
  const ticker = (): Ticker => ({
    symbol: 'BTC/USDT',
    last: String(price()),
    bid: String(price() - spread),
    ask: String(price() + spread),
    ...(depth === null ? {} : { bidQty: depth, askQty: depth }),
    timestamp: Date.now(),
  });
  const source: PaperMarketSource = {
    loadMarkets: async () => ({ 'BTC/USDT': market }),
    fetchTicker: async () => ticker(),
    fetchTickers: async () => ({ 'BTC/USDT': ticker() }),
    fetchCandles: async () => [],
  };
  return { ticker, source };
}
