import { Dec, decText, type MarketInfo } from '@platform/exchange';
import type { FillRecord, Position } from '@platform/persistence';
import { utcDay } from '@platform/strategies';

export interface MarketAssets {
  base: string;
  quote: string;
  /**
   * The market's minimums, when known: a position below them cannot be sold, so a sell that
   * leaves only that much closes the round trip (a sell of "all" leaves dust under the step).
   * Without them only an empty position is closed.
   */
  limits?: Pick<MarketInfo, 'amountStep' | 'minAmount' | 'minNotional'> | null;
}

/** A fee in quote terms: fees in base are valued at the fill price; others (BNB) are ignored. */
const feeInQuote = (fill: FillRecord, assets: MarketAssets) =>
  fill.feeCurrency === assets.base
    ? new Dec(fill.fee).mul(fill.price)
    : fill.feeCurrency === assets.quote
      ? new Dec(fill.fee)
      : new Dec(0);

/** Whether a holding of `base` is no position any more: nothing, or dust the market won't take. */
export function isClosed(base: Dec, price: string, assets: MarketAssets): boolean {
  if (base.isZero()) return true;
  const limits = assets.limits;
  if (!limits) return false;
  return (
    (limits.amountStep !== null && base.lt(limits.amountStep)) ||
    (limits.minAmount !== null && base.lt(limits.minAmount)) ||
    (limits.minNotional !== null && base.mul(price).lt(limits.minNotional))
  );
}

/**
 * Moves a long-only spot position by its fills, exactly. A buy raises the average entry by what
 * it cost including its fee (a fee taken in base means less base received); a sell realizes
 * (proceeds after fee) - (amount x average entry). Along the way it keeps what the risk stops
 * need (docs/risk.md): a buy into a closed position starts a round trip (its profit from 0, its
 * highest price at the fill); a sell that closes one records when, if the round trip lost; each
 * realized profit is added to its UTC day's.
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
  let roundTrip = new Dec(position.roundTripPnl);
  let lastLossAt = position.lastLossAt;
  let pnlDay = position.pnlDay;
  let dayRealized = new Dec(position.dayRealizedPnl);
  let peak = position.peakPrice === null ? null : new Dec(position.peakPrice);
  for (const fill of fills) {
    const amount = new Dec(fill.amount);
    const value = amount.mul(fill.price);
    const feeBase = fill.feeCurrency === assets.base ? new Dec(fill.fee) : new Dec(0);
    const feeQuote = fill.feeCurrency === assets.quote ? new Dec(fill.fee) : new Dec(0);
    const wasOpen = !isClosed(base, fill.price, assets);
    fees = fees.plus(feeInQuote(fill, assets));
    if (fill.side === 'buy') {
      const received = amount.minus(feeBase);
      const cost = value.plus(feeQuote);
      const held = entry === null ? new Dec(0) : base.mul(entry);
      base = base.plus(received);
      entry = base.gt(0) ? held.plus(cost).div(base) : null;
      if (!wasOpen) roundTrip = new Dec(0);
      peak = wasOpen && peak !== null ? Dec.max(peak, fill.price) : new Dec(fill.price);
    } else {
      const basis = entry ?? new Dec(fill.price);
      const gain = value.minus(feeQuote).minus(amount.mul(basis));
      realized = realized.plus(gain);
      roundTrip = roundTrip.plus(gain);
      const day = utcDay(fill.executedAt.getTime());
      if (pnlDay !== day) [pnlDay, dayRealized] = [day, new Dec(0)];
      dayRealized = dayRealized.plus(gain);
      base = Dec.max(0, base.minus(amount).minus(feeBase));
      if (base.isZero()) entry = null;
      if (wasOpen && isClosed(base, fill.price, assets)) {
        if (roundTrip.lt(0)) lastLossAt = fill.executedAt.getTime();
        peak = null;
      } else if (wasOpen) peak = peak === null ? new Dec(fill.price) : Dec.max(peak, fill.price);
    }
  }
  return {
    base: decText(base),
    averageEntry: entry === null ? null : decText(entry.toDecimalPlaces(12)),
    realizedPnl: decText(realized),
    feesQuote: decText(fees),
    tradesCount: position.tradesCount + fills.length,
    roundTripPnl: decText(roundTrip),
    lastLossAt,
    pnlDay,
    dayRealizedPnl: decText(dayRealized),
    peakPrice: peak === null ? null : decText(peak),
    peakEquity: position.peakEquity,
  };
}

/** Profit not taken yet, at the given price. */
export function unrealizedPnl(position: Position, price: string): string {
  if (position.averageEntry === null) return '0';
  return decText(new Dec(price).minus(position.averageEntry).mul(position.base));
}
