import { toFieldErrors, type FieldError } from './field-errors';
import { dca, type DcaParams } from './strategies/dca';
import { grid, type GridParams } from './strategies/grid';
import { rsiReversion, type RsiReversionParams } from './strategies/rsi-reversion';
import { smaCross, type SmaCrossParams } from './strategies/sma-cross';
import type { StrategyDefinition } from './types';

// Every strategy a bot can run, by name: the engine looks a bot's strategy up here, and the API
// gateway validates a bot's params here before saving them.

export const strategyNames = ['sma-cross', 'rsi-reversion', 'grid', 'dca'] as const;
export type StrategyName = (typeof strategyNames)[number];

/** A bot's params once validated: defaults applied, `risk` always present. */
export type BotParams = SmaCrossParams | RsiReversionParams | GridParams | DcaParams;

// Each entry has its own params and state types; callers parse params with the entry's own
// schema before evaluate(), which is what makes `any` safe here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStrategy = StrategyDefinition<any, any>;

export const strategies: Record<string, AnyStrategy> = {
  'sma-cross': smaCross,
  'rsi-reversion': rsiReversion,
  grid,
  dca,
} satisfies Record<StrategyName, AnyStrategy>;

/** The strategy called `name`, or undefined (also for names like 'constructor'). */
export function getStrategy(name: string): AnyStrategy | undefined {
  return Object.hasOwn(strategies, name) ? strategies[name] : undefined;
}

export type BotParamsValidation =
  | { ok: true; params: BotParams }
  | { ok: false; errors: FieldError[] };

/** Validates a bot's params against its strategy's schema; errors name dotted fields. */
export function validateBotParams(strategy: string, params: unknown): BotParamsValidation {
  const definition = getStrategy(strategy);
  if (definition === undefined)
    return {
      ok: false,
      errors: [
        {
          field: 'strategy',
          message: `unknown strategy "${strategy}"; choose one of: ${strategyNames.join(', ')}`,
        },
      ],
    };
  const parsed = definition.schema.safeParse(params);
  if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error, 'params') };
  return { ok: true, params: parsed.data as BotParams };
}
