import { type Fixed, ONE, floorToStep, format, fromNumberToStep } from './fixed';
import type { Market } from './market';
import { hashString, uniform } from './random';
import type { SymbolConfig } from './symbols';

/** Quote value of an average book level; quantities vary from 0.2x to 1.8x of it. */
export const DEFAULT_LEVEL_QUOTE_VALUE = 2000;

/**
 * Quantity the seeded book shows at a level, seeded by (symbol, price step, level) so that it
 * only changes when the price does.
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
  return levelQty(market, s, market.stepAt(symbolId, timeMs), price, side, level);
}

/** bookLevelQty with the step and the reference price already known (a walk asks many). */
export function levelQty(
  market: Market,
  s: SymbolConfig,
  step: number,
  price: number,
  side: 'bid' | 'ask',
  level: number,
): Fixed {
  const value = market.options.levelQuoteValue ?? DEFAULT_LEVEL_QUOTE_VALUE;
  const u = uniform(hashString(s.id), step, level, side === 'bid' ? 1 : 2);
  return seededQty(value, u, price, s.stepSize);
}

/**
 * A quantity worth 0.2x to 1.8x of `quoteValue` at `price` (`u` in [0, 1) picks where), on
 * the lot step and never less than one step: the size of a book level or of a resting fill.
 */
export function seededQty(quoteValue: number, u: number, price: number, stepSize: Fixed): Fixed {
  const qty = floorToStep(fromNumberToStep((quoteValue * (0.2 + 1.6 * u)) / price, 1n), stepSize);
  return qty > 0n ? qty : stepSize;
}

export interface DepthSnapshot {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

export interface Level {
  price: Fixed;
  qty: Fixed;
  /** levels from the touch (0 = best); set on the levels a book walk offers */
  index?: number;
}

/** GET /api/v3/depth: the first `limit` levels of each side of the book. */
export function depthSnapshot(
  updateId: number,
  sides: { bids: readonly Level[]; asks: readonly Level[] },
): DepthSnapshot {
  const row = (level: Level): [string, string] => [format(level.price), format(level.qty)];
  return { lastUpdateId: updateId, bids: sides.bids.map(row), asks: sides.asks.map(row) };
}
