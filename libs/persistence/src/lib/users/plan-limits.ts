import type { SubscriptionPlan } from '../schema/domain-values';

/** How many bots may run at once, how many may be stored (not deleted), how many exchange accounts. */
export interface PlanLimits {
  maxRunningBots: number;
  maxBots: number;
  maxExchangeAccounts: number;
}

/**
 * What each plan allows; new accounts start on `free`. A subscription row copies its plan's
 * limits when the plan is set (so one account could be given other limits), and an expired
 * paid plan falls back to the free limits. Migration 1795600000000 wrote these very numbers
 * into existing rows: a change here applies to plans set from then on.
 */
export const PLAN_LIMITS: Readonly<Record<SubscriptionPlan, Readonly<PlanLimits>>> = {
  free: { maxRunningBots: 2, maxBots: 10, maxExchangeAccounts: 2 },
  pro: { maxRunningBots: 20, maxBots: 100, maxExchangeAccounts: 10 },
  enterprise: { maxRunningBots: 200, maxBots: 1000, maxExchangeAccounts: 50 },
};

/** What each plan allows of backtests (issue 13). */
export interface BacktestPlanLimits {
  /** Single backtests queued or running at once. */
  maxConcurrentBacktests: number;
  /** Parameter sweeps with a backtest queued or running, at once. */
  maxConcurrentSweeps: number;
  /** Longest range of one backtest, in days. */
  maxBacktestRangeDays: number;
  /** Most combinations in one sweep. */
  maxSweepCombinations: number;
}

/**
 * Backtest limits per plan (an expired paid plan has the free ones). Read from the plan, not
 * copied into the subscription row: they bound work on shared workers, not stored things.
 */
export const BACKTEST_PLAN_LIMITS: Readonly<
  Record<SubscriptionPlan, Readonly<BacktestPlanLimits>>
> = {
  free: {
    maxConcurrentBacktests: 2,
    maxConcurrentSweeps: 1,
    maxBacktestRangeDays: 92,
    maxSweepCombinations: 25,
  },
  pro: {
    maxConcurrentBacktests: 10,
    maxConcurrentSweeps: 2,
    maxBacktestRangeDays: 731,
    maxSweepCombinations: 200,
  },
  enterprise: {
    maxConcurrentBacktests: 50,
    maxConcurrentSweeps: 10,
    maxBacktestRangeDays: 1827,
    maxSweepCombinations: 1000,
  },
};
