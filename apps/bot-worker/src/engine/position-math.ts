import { Dec, decText } from '@platform/exchange';
import type { FillRecord, Position } from '@platform/persistence';

export interface MarketAssets {
  base: string;
  quote: string;
}

/** A fee in quote terms: fees in base are valued at the fill price; others (BNB) are ignored. */
const feeInQuote = (fill: FillRecord, assets: MarketAssets) =>
  fill.feeCurrency === assets.base
    ? new Dec(fill.fee).mul(fill.price)
    : fill.feeCurrency === assets.quote
      ? new Dec(fill.fee)
      : new Dec(0);

/**
 * Moves a long-only spot position by its fills, exactly. A buy raises the average entry by what
 * it cost including its fee (a fee taken in base means less base received); a sell realizes
 * (proceeds after fee) - (amount x average entry).
 */
export function applyFills(
  position: Position,
  fills: FillRecord[],
  assets: MarketAssets,
): Position {
  let base = new Dec(position.base);
  let entry = position.averageEntry === null ? null : new Dec(position.averageEntry);
  let realized = new Dec(position.realizedPnl);
  let fees = new Dec(position.feesQuote);
  for (const fill of fills) {
    const amount = new Dec(fill.amount);
    const value = amount.mul(fill.price);
    const feeBase = fill.feeCurrency === assets.base ? new Dec(fill.fee) : new Dec(0);
    const feeQuote = fill.feeCurrency === assets.quote ? new Dec(fill.fee) : new Dec(0);
    fees = fees.plus(feeInQuote(fill, assets));
    if (fill.side === 'buy') {
      const received = amount.minus(feeBase);
      const cost = value.plus(feeQuote);
      const held = entry === null ? new Dec(0) : base.mul(entry);
      base = base.plus(received);
      entry = base.gt(0) ? held.plus(cost).div(base) : null;
    } else {
      const basis = entry ?? new Dec(fill.price);
      realized = realized.plus(value.minus(feeQuote).minus(amount.mul(basis)));
      base = Dec.max(0, base.minus(amount).minus(feeBase));
      if (base.isZero()) entry = null;
    }
  }
  return {
    base: decText(base),
    averageEntry: entry === null ? null : decText(entry.toDecimalPlaces(12)),
    realizedPnl: decText(realized),
    feesQuote: decText(fees),
    tradesCount: position.tradesCount + fills.length,
  };
}

/** Profit not taken yet, at the given price. */
export function unrealizedPnl(position: Position, price: string): string {
  if (position.averageEntry === null) return '0';
  return decText(new Dec(price).minus(position.averageEntry).mul(position.base));
}
