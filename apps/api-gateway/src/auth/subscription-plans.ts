import {
  BACKTEST_PLAN_LIMITS,
  type BacktestPlanLimits,
  PLAN_LIMITS,
  type PlanLimits,
  type Subscription,
  type SubscriptionPlan,
  SubscriptionPlans,
} from '@platform/persistence';
import { ApiError } from '../http/api-error';
import { accountDisabled } from './account-disabled';

export type { Subscription };

const NOTHING: PlanLimits = { maxRunningBots: 0, maxBots: 0, maxExchangeAccounts: 0 };

/**
 * What the user may do now: the row's limits, or while an expired paid plan is not renewed,
 * no more than the free plan's. No subscription at all, or a disabled account, allows nothing
 * (a request already past the gate when the account was disabled is refused here, under the
 * subscription lock).
 */
export function effectiveLimits(subscription: Subscription | null): PlanLimits {
  if (!subscription || subscription.accountDisabled) return NOTHING;
  const { maxRunningBots, maxBots, maxExchangeAccounts } = subscription;
  if (!subscription.expired) return { maxRunningBots, maxBots, maxExchangeAccounts };
  const free = PLAN_LIMITS.free;
  return {
    maxRunningBots: Math.min(maxRunningBots, free.maxRunningBots),
    maxBots: Math.min(maxBots, free.maxBots),
    maxExchangeAccounts: Math.min(maxExchangeAccounts, free.maxExchangeAccounts),
  };
}

const LIMIT_NOUNS: Record<keyof PlanLimits, [string, string, string]> = {
  maxRunningBots: ['running bot', 'running bots', 'stop one first'],
  maxBots: ['bot', 'bots', 'delete one first'],
  maxExchangeAccounts: ['exchange account', 'exchange accounts', 'delete one first'],
};

/** 403 `plan_limit`, naming the plan and the limit reached (`account_disabled` for that). */
export function planLimitReached(
  subscription: Subscription | null,
  limit: keyof PlanLimits,
): ApiError {
  if (subscription?.accountDisabled) return accountDisabled();
  const allowed = effectiveLimits(subscription)[limit];
  const [one, many, remedy] = LIMIT_NOUNS[limit];
  const plan = !subscription
    ? 'account has no plan and'
    : `${subscription.plan} plan${subscription.expired ? ' (expired: free limits apply)' : ''}`;
  return new ApiError(
    'plan_limit',
    `your ${plan} allows ${allowed} ${allowed === 1 ? one : many}: ${remedy} or upgrade`,
  );
}

/** The plans and their limits as a Markdown table (README, OpenAPI description). */
export function plansTable(): string {
  const rows = SubscriptionPlans.map((plan) => {
    const { maxRunningBots, maxBots, maxExchangeAccounts } = PLAN_LIMITS[plan];
    return `| ${plan} | ${maxRunningBots} | ${maxBots} | ${maxExchangeAccounts} |`;
  });
  return [
    '| plan | running bots | stored bots | exchange accounts |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The backtest limits that apply now: the plan's, the free ones for an expired plan. */
export function backtestLimits(subscription: Subscription | null): BacktestPlanLimits | null {
  if (!subscription || subscription.accountDisabled) return null;
  const plan = subscription.expired ? 'free' : subscription.plan;
  return BACKTEST_PLAN_LIMITS[plan as SubscriptionPlan] ?? BACKTEST_PLAN_LIMITS.free;
}

const BACKTEST_LIMIT_NOUNS = {
  maxConcurrentBacktests: ['backtest queued or running', 'backtests queued or running'],
  maxConcurrentSweeps: ['sweep queued or running', 'sweeps queued or running'],
} as const;

/** 403 `plan_limit` naming the plan and the backtest limit reached. */
export function backtestLimitReached(
  subscription: Subscription | null,
  limit: keyof typeof BACKTEST_LIMIT_NOUNS,
): ApiError {
  const limits = backtestLimits(subscription);
  if (!limits) return subscription?.accountDisabled ? accountDisabled() : NO_PLAN();
  const allowed = limits[limit];
  const [one, many] = BACKTEST_LIMIT_NOUNS[limit];
  const plan = `${subscription?.plan} plan${subscription?.expired ? ' (expired: free limits apply)' : ''}`;
  return new ApiError(
    'plan_limit',
    `your ${plan} allows ${allowed} ${allowed === 1 ? one : many} at once: wait for one to finish, cancel one (POST /backtests/{id}/cancel) or upgrade`,
  );
}

const NO_PLAN = () =>
  new ApiError('plan_limit', 'your account has no plan: it cannot run backtests');
