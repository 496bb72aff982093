import type { RedisClient } from '@platform/redis';
import { budgetKey } from './weight-budget';

// What the weight and order budgets hold in Redis right now, for the operators' read-out. Only
// reads (the spenders write): the current window's count and a pause, on Redis's own clock, as
// WeightBudget's TAKE script counts them.

/** Each API key's orders and cancels per 10 s (the bot-workers' ORDER_BUDGET_PER_10S). */
export const ORDER_BUDGET = { keyPrefix: 'order-budget', windowMs: 10_000 } as const;
/** An API key's scope in the order budget: its exchange and its account's id, never the key. */
export const orderBudgetScope = (exchangeId: string, accountId: string) =>
  `${exchangeId}:${accountId}`;

const READ = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local windowMs = tonumber(ARGV[1])
local window = math.floor(now / windowMs)
local result = { (window + 1) * windowMs - now }
for i, key in ipairs(KEYS) do
  result[#result + 1] = tonumber(redis.call('GET', key .. ':w:' .. window) or '0')
  local paused = tonumber(redis.call('GET', key .. ':paused-until') or '0')
  result[#result + 1] = math.max(0, paused - now)
end
return result
`;

export interface BudgetReading {
  scope: string;
  /** Spent in the current window. */
  used: number;
  /** When the current window ends (its count starts again at 0). */
  windowEndsInMs: number;
  /** How long the scope stays paused after a 429 or 418 (0: not paused). */
  pausedForMs: number;
}

/** The current window of each scope of one budget, read in one round trip. */
export async function readBudgets(
  redis: RedisClient,
  budget: { keyPrefix: string; windowMs: number },
  scopes: string[],
): Promise<BudgetReading[]> {
  const keys = scopes.map((scope) => budgetKey(budget.keyPrefix, scope));
  const [windowEndsInMs, ...values] = (await redis.eval(
    READ,
    keys.length,
    ...keys,
    budget.windowMs,
  )) as number[];
  return scopes.map((scope, i) => ({
    scope,
    used: values[2 * i],
    windowEndsInMs,
    pausedForMs: values[2 * i + 1],
  }));
}
