import type { z } from 'zod';
import { period, strictObject } from '../fields';
import { sma } from '../indicators/sma';
import { newClosedCandle, type CandleState } from '../once-per-candle';
import { riskField } from '../risk';
import type { StrategyDefinition } from '../types';

// SMA cross, on candle closes, once per closed candle:
// - the fast SMA crosses above the slow one (fast <= slow on the previous candle, fast > slow on
//   the last) while the bot holds nothing: market buy risk.stakeQuote ('sma-cross-up');
// - it crosses below (fast >= slow, then fast < slow) while the bot holds something: market
//   sell all ('sma-cross-down').
// Needs slowPeriod + 1 candles (the slow SMA on the last two candles); fewer: no signals.
// Candles are taken as given: a gap in their times does not reset or break the averages.

export const smaCrossSchema = strictObject({
  fastPeriod: period(9),
  slowPeriod: period(21),
  risk: riskField(),
}).refine((p) => p.fastPeriod < p.slowPeriod, {
  error: 'fastPeriod must be less than slowPeriod',
  path: ['fastPeriod'],
});

export type SmaCrossParams = z.infer<typeof smaCrossSchema>;
export type SmaCrossState = CandleState;

/** 'up' or 'down' when the fast SMA crossed the slow one on the last value, else null. */
function cross(closes: number[], fastPeriod: number, slowPeriod: number): 'up' | 'down' | null {
  const before = closes.slice(0, -1);
  const fast = sma(closes, fastPeriod);
  const slow = sma(closes, slowPeriod);
  const fastBefore = sma(before, fastPeriod);
  const slowBefore = sma(before, slowPeriod);
  if (fast === null || slow === null || fastBefore === null || slowBefore === null) return null;
  if (fastBefore <= slowBefore && fast > slow) return 'up';
  if (fastBefore >= slowBefore && fast < slow) return 'down';
  return null;
}

export const smaCross: StrategyDefinition<SmaCrossParams, SmaCrossState> = {
  name: 'sma-cross',
  description:
    'Buys when the fast moving average of closes crosses above the slow one, sells everything when it crosses below.',
  schema: smaCrossSchema,
  candlesNeeded: (params) => params.slowPeriod + 1,
  onlyOnNewCandle: true,
  evaluate(params, input) {
    const previous = input.state ?? { lastCandleTime: null };
    const candle = newClosedCandle(input.candles, input.state);
    if (candle === null || input.candles.length < params.slowPeriod + 1)
      return { signals: [], state: previous };
    const state = { lastCandleTime: candle.time };
    const closes = input.candles.map((c) => c.close);
    const direction = cross(closes, params.fastPeriod, params.slowPeriod);
    const holding = input.position.base > 0;
    if (direction === 'up' && !holding)
      return {
        signals: [
          { kind: 'market', side: 'buy', quote: params.risk.stakeQuote, reason: 'sma-cross-up' },
        ],
        state,
      };
    if (direction === 'down' && holding)
      return {
        signals: [{ kind: 'market', side: 'sell', base: 'all', reason: 'sma-cross-down' }],
        state,
      };
    return { signals: [], state };
  },
};
