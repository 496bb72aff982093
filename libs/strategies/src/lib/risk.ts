import { z } from 'zod';
import { gainPercent, percentBelow100, positiveNumber, strictObject, wholeNumber } from './fields';
import type { Signal, StrategyInput } from './types';

// Risk limits every bot has, whatever its strategy. The engine enforces stake, position size,
// open-order count and exchange minimums itself; this file holds the schema and the checks that
// only need the price and the position: stop-loss / take-profit against the average entry and
// the trailing stop against the highest price since the entry (docs/risk.md).

/** A week: the longest cooldown after a losing round trip. */
export const MAX_COOLDOWN_MINUTES = 10_080;

export const riskSchema = strictObject({
  /** Quote currency spent per market buy when the strategy does not say otherwise. */
  stakeQuote: positiveNumber().default(100),
  /** The most base currency the bot may hold. */
  maxPositionBase: positiveNumber().optional(),
  maxOpenOrders: wholeNumber(1, 200).default(20),
  stopLossPct: percentBelow100().optional(),
  takeProfitPct: gainPercent().optional(),
  /** Sell all when the price falls this far below the highest price since the entry. */
  trailingStopPct: percentBelow100()
    .optional()
    .describe('sell all once the price is this % below its highest since the entry'),
  /** The trailing stop arms only once the highest price is this far above the average entry. */
  trailingActivationPct: gainPercent()
    .optional()
    .describe('the trailing stop arms once that high is this % above the average entry'),
  /** No new buys for the rest of the UTC day once the day's realized loss reaches this. */
  maxDailyLossQuote: positiveNumber()
    .optional()
    .describe('no new buys until 00:00 UTC once the bot realized this much loss today'),
  /** Sell all and stop the bot when its equity falls this far below its highest equity. */
  maxDrawdownPct: percentBelow100()
    .optional()
    .describe('sell all and stop once equity is this % below its highest since the start'),
  /** What the drawdown is measured on (capital + profit); a paper bot's default: its balance. */
  capitalQuote: positiveNumber()
    .optional()
    .describe('what the drawdown is measured on (live bots; paper: the paper balance)'),
  /** No new entry for this long after a round trip closed at a loss. */
  cooldownAfterLossMinutes: wholeNumber(1, MAX_COOLDOWN_MINUTES)
    .optional()
    .describe('no new entry for this long after a round trip closed at a loss'),
  /** Starting quote balance of a paper bot (paper bots only; validateBotParams fills it in). */
  paperQuoteBalance: positiveNumber().optional(),
}).superRefine((risk, context) => {
  if (risk.trailingActivationPct !== undefined && risk.trailingStopPct === undefined)
    context.addIssue({
      code: 'custom',
      path: ['trailingActivationPct'],
      message: 'needs trailingStopPct: it says when the trailing stop arms',
    });
});

export type RiskLimits = z.infer<typeof riskSchema>;

/** The `risk` field of every strategy's params: omitted means all defaults. */
export const riskField = () => riskSchema.prefault({});

/** The position as the risk stops see it: what can be sold, its entry and its highest price. */
export interface RiskPosition {
  base: number;
  averageEntry: number | null;
  /** The highest price seen since the position was entered (null: not known yet). */
  peakPrice?: number | null;
}

const sellAll = (reason: string): Signal[] => [
  { kind: 'market', side: 'sell', base: 'all', reason },
];

/**
 * Sell everything when the price has fallen stopLossPct below the average entry (inclusive),
 * trailingStopPct below the highest price since the entry (inclusive; once that high is
 * trailingActivationPct above the entry, when given), or risen takeProfitPct above the entry
 * (inclusive). Nothing when flat or when the entry is unknown.
 */
export function riskSignals(
  risk: Pick<
    RiskLimits,
    'stopLossPct' | 'takeProfitPct' | 'trailingStopPct' | 'trailingActivationPct'
  >,
  input: Pick<StrategyInput, 'price'> & { position: RiskPosition },
): Signal[] {
  const { base, averageEntry } = input.position;
  if (!(base > 0) || averageEntry === null) return [];
  if (risk.stopLossPct !== undefined && input.price <= averageEntry * (1 - risk.stopLossPct / 100))
    return sellAll('stop-loss');
  if (trailingStopHit(risk, input.price, averageEntry, input.position.peakPrice ?? null))
    return sellAll('trailing-stop');
  if (
    risk.takeProfitPct !== undefined &&
    input.price >= averageEntry * (1 + risk.takeProfitPct / 100)
  )
    return sellAll('take-profit');
  return [];
}

function trailingStopHit(
  risk: Pick<RiskLimits, 'trailingStopPct' | 'trailingActivationPct'>,
  price: number,
  averageEntry: number,
  peak: number | null,
): boolean {
  if (risk.trailingStopPct === undefined || peak === null) return false;
  if (
    risk.trailingActivationPct !== undefined &&
    peak < averageEntry * (1 + risk.trailingActivationPct / 100)
  )
    return false;
  return price <= peak * (1 - risk.trailingStopPct / 100);
}

/** Whether the risk limits ask for stops that act on every price (not only on candle closes). */
export function hasPriceStops(risk: RiskLimits): boolean {
  return (
    risk.stopLossPct !== undefined ||
    risk.takeProfitPct !== undefined ||
    risk.trailingStopPct !== undefined ||
    risk.maxDrawdownPct !== undefined
  );
}
