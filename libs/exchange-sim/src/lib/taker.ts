import type { Level } from './depth';
import { type Fixed, div, floorToStep, min, mul } from './fixed';

/** The takes that fill up to `quantity` from levels offered best first. */
export function takeQuantity(levels: Iterable<Level>, quantity: Fixed): Level[] {
  const takes: Level[] = [];
  let left = quantity;
  for (const level of levels) {
    if (left <= 0n) break;
    const qty = min(level.qty, left);
    takes.push({ ...level, qty });
    left -= qty;
  }
  return takes;
}

/**
 * The takes a MARKET order with `quoteOrderQty` gets: a buy spends at most that much quote, a
 * sell receives at most that much, each take a whole number of lot steps (rest-api.md:
 * "MARKET orders using quoteOrderQty will not break LOT_SIZE filter rules").
 */
export function takeQuote(levels: Iterable<Level>, quote: Fixed, stepSize: Fixed): Level[] {
  const takes: Level[] = [];
  let left = quote;
  for (const level of levels) {
    const qty = min(level.qty, floorToStep(div(left, level.price), stepSize));
    if (qty <= 0n) break;
    takes.push({ ...level, qty });
    left -= mul(level.price, qty);
  }
  return takes;
}

export function totalQty(takes: readonly Level[]): Fixed {
  return takes.reduce((sum, take) => sum + take.qty, 0n);
}

/** What the takes cost in quote, as each fill is booked (truncated per fill). */
export function totalQuote(takes: readonly Level[]): Fixed {
  return takes.reduce((sum, take) => sum + mul(take.price, take.qty), 0n);
}
