import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@platform/testing';
import {
  effectiveLimits,
  planLimitReached,
  plansTable,
  type Subscription,
} from './subscription-plans';

const pro: Subscription = {
  plan: 'pro',
  maxRunningBots: 20,
  maxBots: 100,
  maxExchangeAccounts: 10,
  validUntil: null,
  expired: false,
  accountDisabled: false,
};

describe('subscription plans', () => {
  it('a current plan allows its stored limits; an expired one no more than free; none nothing', () => {
    expect(effectiveLimits(pro)).toEqual({
      maxRunningBots: 20,
      maxBots: 100,
      maxExchangeAccounts: 10,
    });
    expect(effectiveLimits({ ...pro, expired: true })).toEqual({
      maxRunningBots: 2,
      maxBots: 10,
      maxExchangeAccounts: 2,
    });
    expect(effectiveLimits(null)).toEqual({
      maxRunningBots: 0,
      maxBots: 0,
      maxExchangeAccounts: 0,
    });
  });

  it('plan_limit names the plan and the limit', () => {
    const error = planLimitReached({ ...pro, maxRunningBots: 1 }, 'maxRunningBots');
    expect(error.code).toBe('plan_limit');
    expect(error.getStatus()).toBe(403);
    expect(error.message).toBe('your pro plan allows 1 running bot: stop one first or upgrade');
    expect(planLimitReached(null, 'maxBots').message).toBe(
      'your account has no plan and allows 0 bots: delete one first or upgrade',
    );
  });

  it('a disabled account may do nothing, and is told why rather than about its plan', () => {
    const disabled = { ...pro, accountDisabled: true };
    expect(effectiveLimits(disabled)).toEqual({
      maxRunningBots: 0,
      maxBots: 0,
      maxExchangeAccounts: 0,
    });
    const error = planLimitReached(disabled, 'maxRunningBots');
    expect(error.code).toBe('account_disabled');
    expect(error.getStatus()).toBe(403);
    expect(error.message).toContain('this account is disabled');
  });

  it('README documents the plans as they are', () => {
    const readme = readFileSync(join(workspaceRoot(), 'README.md'), 'utf8');
    expect(readme).toContain(plansTable());
  });
});
