import { DEFAULT_PAPER_QUOTE_BALANCE, MAX_CANDLES, strategyNames } from '@platform/strategies';
import { z } from 'zod';

export const StrategyView = z.object({
  name: z.enum(strategyNames),
  description: z.string(),
  paramsSchema: z
    .record(z.string(), z.unknown())
    .describe(
      `JSON Schema (2020-12) of a bot's \`params\` as sent: types, bounds and defaults. Rules across fields (e.g. fastPeriod below slowPeriod) are checked on create and update; a paper bot without risk.paperQuoteBalance gets ${DEFAULT_PAPER_QUOTE_BALANCE}`,
    ),
  candlesNeeded: z
    .number()
    .int()
    .nullable()
    .describe(
      `closed candles the strategy needs with its default params (market data keeps at most ${MAX_CANDLES}); null when some params have no default`,
    ),
});
export type StrategyView = z.infer<typeof StrategyView>;

export const StrategyList = z.object({ items: z.array(StrategyView) });
export type StrategyList = z.infer<typeof StrategyList>;
