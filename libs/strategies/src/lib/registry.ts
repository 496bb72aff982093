import { MAX_CANDLES } from './candle-history';
import { toFieldErrors, type FieldError } from './field-errors';
import { DEFAULT_PAPER_QUOTE_BALANCE, paperOnlyErrors, type TradingMode } from './paper-settings';
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

/**
 * Validates a bot's params against its strategy's schema; errors name dotted fields. A paper
 * bot gets the default paper balance; a live bot given a paper-only setting is refused.
 */
export function validateBotParams(
  strategy: string,
  params: unknown,
  mode: TradingMode,
): BotParamsValidation {
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
  const paperOnly = mode === 'live' ? paperOnlyErrors(params) : [];
  if (!parsed.success || paperOnly.length > 0) {
    const errors = parsed.success ? [] : toFieldErrors(parsed.error, 'params');
    const fields = new Set(paperOnly.map((e) => e.field)); // one error per field
    return { ok: false, errors: [...paperOnly, ...errors.filter((e) => !fields.has(e.field))] };
  }
  const valid = parsed.data as BotParams;
  if (mode === 'paper') valid.risk.paperQuoteBalance ??= DEFAULT_PAPER_QUOTE_BALANCE;
  // a live bot's account holds more than the bot's money: its drawdown needs a capital to measure
  if (mode === 'live' && valid.risk.maxDrawdownPct !== undefined && !valid.risk.capitalQuote)
    return {
      ok: false,
      errors: [
        {
          field: 'params.risk.capitalQuote',
          message:
            'is required with maxDrawdownPct on a live bot: the quote amount its drawdown is measured on',
        },
      ],
    };
  return { ok: true, params: valid };
}

/**
 * Closed candles a bot with these stored params needs, at most MAX_CANDLES; 0 for params its
 * strategy no longer accepts (its worker stops such a bot with the reason).
 */
export function candlesNeededBy(strategy: string, params: unknown): number {
  const definition = getStrategy(strategy);
  const parsed = definition?.schema.safeParse(params);
  if (!definition || !parsed?.success) return 0;
  return Math.min(MAX_CANDLES, definition.candlesNeeded(parsed.data));
}
