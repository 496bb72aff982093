import { z } from 'zod';

// A user's own risk limits, across all their bots (docs/risk.md). The bots' own limits are
// part of each bot's params.risk.

const MaxDailyLossQuote = z
  .number({
    error: (issue) =>
      issue.input === undefined ? 'is required' : 'must be a positive number or null',
  })
  .positive('must be a positive number or null')
  .max(1e15, 'must be at most 1e15')
  .nullable()
  .describe(
    'no new buys by any of your bots for the rest of the UTC day once your bots of one mode and quote currency (paper and live, USDT and BTC, counted apart) realized this much loss today, fees included; null: no such limit',
  );

export const PutRiskLimitsBody = z.object({ maxDailyLossQuote: MaxDailyLossQuote }).strict();
export type PutRiskLimitsBody = z.infer<typeof PutRiskLimitsBody>;

export const RiskLimitsView = z.object({
  maxDailyLossQuote: z.number().nullable(),
  updatedAt: z.iso.datetime().nullable().describe('null: never set'),
});
export type RiskLimitsView = z.infer<typeof RiskLimitsView>;
