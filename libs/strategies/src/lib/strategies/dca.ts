import type { z } from 'zod';
import {
  finiteNumber,
  gainPercent,
  percentBelow100,
  positiveNumber,
  strictObject,
} from '../fields';
import { riskField } from '../risk';
import type { StrategyDefinition } from '../types';

// Dollar-cost averaging in cycles:
// - take profit first: holding, with a known entry, and price >= averageEntry * (1 +
//   takeProfitPct / 100): market sell all ('dca-take-profit') and forget the cycle, so the next
//   evaluation starts a new one with a buy;
// - else market buy quotePerBuy when the cycle has no buy yet ('dca-first-buy'), or
//   intervalSeconds have passed since the last buy ('dca-interval'), or the price is dropPct
//   below the last buy's price, inclusive ('dca-drop').
// The state records each buy when it is signalled, not when it fills (the engine records fills);
// a buy that does not fill therefore still counts. Uses only the price and `now`: no candles.

const YEAR_SECONDS = 366 * 24 * 3600; // a longer interval is surely a typo

export const dcaSchema = strictObject({
  quotePerBuy: positiveNumber(),
  intervalSeconds: finiteNumber()
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(YEAR_SECONDS, `must be at most a year (${YEAR_SECONDS} seconds)`)
    .optional(),
  dropPct: percentBelow100().optional(),
  takeProfitPct: gainPercent(),
  risk: riskField(),
}).refine((p) => p.intervalSeconds !== undefined || p.dropPct !== undefined, {
  error: 'set intervalSeconds, dropPct or both, so the bot knows when to buy again',
  path: ['intervalSeconds'],
});

export type DcaParams = z.infer<typeof dcaSchema>;

export interface DcaState {
  /** When and at what price this cycle last bought (signal time); null before its first buy. */
  lastBuyAt: number | null;
  lastBuyPrice: number | null;
}

const newCycle: DcaState = { lastBuyAt: null, lastBuyPrice: null };

/** Why to buy now, or null. */
function buyReason(params: DcaParams, price: number, now: number, state: DcaState): string | null {
  if (state.lastBuyAt === null || state.lastBuyPrice === null) return 'dca-first-buy';
  if (
    params.intervalSeconds !== undefined &&
    now - state.lastBuyAt >= params.intervalSeconds * 1000
  )
    return 'dca-interval';
  if (params.dropPct !== undefined && price <= state.lastBuyPrice * (1 - params.dropPct / 100))
    return 'dca-drop';
  return null;
}

export const dca: StrategyDefinition<DcaParams, DcaState> = {
  name: 'dca',
  description:
    'Buys a fixed amount every interval and/or after each price drop, and sells everything once the price is a set percentage above the average entry.',
  schema: dcaSchema,
  candlesNeeded: () => 0,
  evaluate(params, input) {
    const state = input.state ?? { ...newCycle };
    const { base, averageEntry } = input.position;
    if (
      base > 0 &&
      averageEntry !== null &&
      input.price >= averageEntry * (1 + params.takeProfitPct / 100)
    )
      return {
        signals: [{ kind: 'market', side: 'sell', base: 'all', reason: 'dca-take-profit' }],
        state: { ...newCycle },
      };
    const reason = buyReason(params, input.price, input.now, state);
    if (reason === null) return { signals: [], state };
    return {
      signals: [{ kind: 'market', side: 'buy', quote: params.quotePerBuy, reason }],
      state: { lastBuyAt: input.now, lastBuyPrice: input.price },
    };
  },
};
