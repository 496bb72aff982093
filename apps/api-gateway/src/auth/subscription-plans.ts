import type { SubscriptionPlan } from '@platform/persistence';

/** What each plan allows; new accounts start on `free`. */
export const PLAN_LIMITS: Record<SubscriptionPlan, { maxRunningBots: number }> = {
  free: { maxRunningBots: 2 },
  pro: { maxRunningBots: 20 },
  enterprise: { maxRunningBots: 200 },
};
