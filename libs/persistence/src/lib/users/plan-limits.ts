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
