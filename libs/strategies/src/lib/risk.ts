import { z } from 'zod';
import { gainPercent, percentBelow100, positiveNumber, strictObject, wholeNumber } from './fields';
import type { Signal, StrategyInput } from './types';

// Risk limits every bot has, whatever its strategy. The engine enforces stake, position size,
// open-order count and exchange minimums itself; this file holds the schema and the one check
// that only needs the price: stop-loss / take-profit against the average entry.

export const riskSchema = strictObject({
  /** Quote currency spent per market buy when the strategy does not say otherwise. */
  stakeQuote: positiveNumber().default(100),
  /** The most base currency the bot may hold. */
  maxPositionBase: positiveNumber().optional(),
  maxOpenOrders: wholeNumber(1, 200).default(20),
  stopLossPct: percentBelow100().optional(),
  takeProfitPct: gainPercent().optional(),
  /** Starting quote balance of a paper bot (paper bots only; validateBotParams fills it in). */
  paperQuoteBalance: positiveNumber().optional(),
});

export type RiskLimits = z.infer<typeof riskSchema>;

/** The `risk` field of every strategy's params: omitted means all defaults. */
export const riskField = () => riskSchema.prefault({});

/**
 * Sell everything when the price has fallen stopLossPct below the average entry (inclusive)
 * or risen takeProfitPct above it (inclusive). Nothing when flat or when the entry is unknown.
 */
export function riskSignals(
  risk: Pick<RiskLimits, 'stopLossPct' | 'takeProfitPct'>,
  input: Pick<StrategyInput, 'price' | 'position'>,
): Signal[] {
  const { base, averageEntry } = input.position;
  if (!(base > 0) || averageEntry === null) return [];
  if (risk.stopLossPct !== undefined && input.price <= averageEntry * (1 - risk.stopLossPct / 100))
    return [{ kind: 'market', side: 'sell', base: 'all', reason: 'stop-loss' }];
  if (
    risk.takeProfitPct !== undefined &&
    input.price >= averageEntry * (1 + risk.takeProfitPct / 100)
  )
    return [{ kind: 'market', side: 'sell', base: 'all', reason: 'take-profit' }];
  return [];
}
