import type { FieldError } from './field-errors';

// A paper bot trades a simulated account; a live bot its exchange account's real money. What
// only describes the simulation belongs to paper bots alone: a live bot showing a paper
// balance reads as if it traded with it.

export const tradingModes = ['paper', 'live'] as const;
export type TradingMode = (typeof tradingModes)[number];

/** Starting quote balance of a paper bot that does not set `risk.paperQuoteBalance`. */
export const DEFAULT_PAPER_QUOTE_BALANCE = 10000;

const PAPER_ONLY_RISK = ['paperQuoteBalance'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An error for each paper-only setting among these (unvalidated) params of a live bot. */
export function paperOnlyErrors(params: unknown): FieldError[] {
  const risk = isRecord(params) ? params['risk'] : undefined;
  if (!isRecord(risk)) return [];
  return PAPER_ONLY_RISK.filter((key) => risk[key] !== undefined).map((key) => ({
    field: `params.risk.${key}`,
    message: 'applies to paper bots only: a live bot trades its account balance',
  }));
}

/**
 * Stored params as a bot of `mode` keeps them: a live bot leaves out the paper-only settings
 * it may carry from its paper days (or from before live bots refused them). A user's own
 * input goes through validateBotParams instead, which refuses them.
 */
export function storedParamsFor(params: unknown, mode: TradingMode): unknown {
  if (mode === 'paper' || !isRecord(params) || !isRecord(params['risk'])) return params;
  const risk = { ...params['risk'] };
  for (const key of PAPER_ONLY_RISK) delete risk[key];
  return { ...params, risk };
}
