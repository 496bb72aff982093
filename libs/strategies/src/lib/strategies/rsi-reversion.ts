import type { z } from 'zod';
import { percentBelow100, period, strictObject } from '../fields';
import { rsi } from '../indicators/rsi';
import { newClosedCandle, type CandleState } from '../once-per-candle';
import { riskField } from '../risk';
import type { StrategyDefinition } from '../types';

// RSI mean reversion, on candle closes, once per closed candle, with Wilder's RSI (see
// indicators/rsi.ts) over every candle given:
// - RSI < oversold while the bot holds nothing: market buy risk.stakeQuote ('rsi-oversold');
// - RSI > overbought while the bot holds something: market sell all ('rsi-overbought').
// Needs period + 1 candles; fewer: no signals. Candles are taken as given (gaps are not filled).

export const rsiReversionSchema = strictObject({
  period: period(14),
  oversold: percentBelow100().default(30),
  overbought: percentBelow100().default(70),
  risk: riskField(),
}).refine((p) => p.oversold < p.overbought, {
  error: 'oversold must be less than overbought',
  path: ['oversold'],
});

export type RsiReversionParams = z.infer<typeof rsiReversionSchema>;
export type RsiReversionState = CandleState;

export const rsiReversion: StrategyDefinition<RsiReversionParams, RsiReversionState> = {
  name: 'rsi-reversion',
  description:
    "Buys when Wilder's RSI of closes falls below the oversold level, sells everything when it rises above the overbought level.",
  schema: rsiReversionSchema,
  candlesNeeded: (params) => params.period + 1,
  onlyOnNewCandle: true,
  evaluate(params, input) {
    const previous = input.state ?? { lastCandleTime: null };
    const candle = newClosedCandle(input.candles, input.state);
    const value = rsi(
      input.candles.map((c) => c.close),
      params.period,
    );
    if (candle === null || value === null) return { signals: [], state: previous };
    const state = { lastCandleTime: candle.time };
    const holding = input.position.base > 0;
    if (value < params.oversold && !holding)
      return {
        signals: [
          { kind: 'market', side: 'buy', quote: params.risk.stakeQuote, reason: 'rsi-oversold' },
        ],
        state,
      };
    if (value > params.overbought && holding)
      return {
        signals: [{ kind: 'market', side: 'sell', base: 'all', reason: 'rsi-overbought' }],
        state,
      };
    return { signals: [], state };
  },
};
