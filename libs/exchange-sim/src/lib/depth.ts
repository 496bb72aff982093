import { type Fixed, ONE, floorToStep, format, fromNumberToStep } from './fixed';
import type { Market } from './market';
import { hashString, uniform } from './random';

/** Quote value of an average book level; quantities vary from 0.2x to 1.8x of it. */
const LEVEL_QUOTE_VALUE = 2000;

/**
 * Quantity shown at a level of the synthetic book, seeded by (symbol, price step, level) so
 * that it only changes when the price does. Orders are not limited by it: the top level has
 * unlimited depth for fills (see README).
 */
export function bookLevelQty(
  market: Market,
  symbolId: string,
  timeMs: number,
  side: 'bid' | 'ask',
  level: number,
): Fixed {
  const s = market.symbol(symbolId);
  if (!s) throw new Error(`unknown symbol ${symbolId}`);
  const price = Number(market.price(symbolId, timeMs)) / Number(ONE);
  const u = uniform(
    hashString(symbolId),
    market.stepAt(symbolId, timeMs),
    level,
    side === 'bid' ? 1 : 2,
  );
  const qty = floorToStep(
    fromNumberToStep((LEVEL_QUOTE_VALUE * (0.2 + 1.6 * u)) / price, 1n),
    s.stepSize,
  );
  return qty > 0n ? qty : s.stepSize;
}

export interface DepthSnapshot {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

/** GET /api/v3/depth: `limit` levels each side, one tick apart, around the current quote. */
export function depth(market: Market, symbolId: string, limit: number): DepthSnapshot {
  const s = market.symbol(symbolId);
  if (!s) throw new Error(`unknown symbol ${symbolId}`);
  const now = market.now();
  const quote = market.quote(symbolId, now);
  const bids: [string, string][] = [];
  const asks: [string, string][] = [];
  for (let level = 0; level < limit; level++) {
    const bid = quote.bid - BigInt(level) * s.tickSize;
    if (bid > 0n)
      bids.push([format(bid), format(bookLevelQty(market, symbolId, now, 'bid', level))]);
    asks.push([
      format(quote.ask + BigInt(level) * s.tickSize),
      format(bookLevelQty(market, symbolId, now, 'ask', level)),
    ]);
  }
  // grows with every price step, as Binance's update id grows with every book change
  return { lastUpdateId: Math.max(1, market.stepAt(symbolId, now) + 2 ** 31), bids, asks };
}
