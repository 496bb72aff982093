import { Body, Controller, Get, Put } from '@nestjs/common';
import { PutRiskLimitsBody, RiskLimitsView } from '@platform/api-schemas';
import { UserRiskLimitsStore } from '@platform/persistence';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';

const scope =
  'Yours alone: there is no user in the path, so nobody reads or sets another user’s limits. Each bot’s own limits (stop-loss, trailing stop, daily loss, drawdown, cooldown) are in its params.risk.';

@Controller('risk-limits')
export class RiskLimitsController {
  constructor(private readonly limits: UserRiskLimitsStore) {}

  @Get()
  @Route({
    summary: 'Your risk limits across all your bots',
    description: scope,
    auth: 'user',
    response: RiskLimitsView,
  })
  get(@CurrentUser() user: Principal): Promise<RiskLimitsView> {
    return this.limits.get(user.userId);
  }

  @Put()
  @Route({
    summary: 'Set your risk limits across all your bots',
    description: `Replaces them as a whole. Running bots see a new limit within seconds (the next time they want to buy). ${scope}`,
    auth: 'user',
    body: PutRiskLimitsBody,
    response: RiskLimitsView,
  })
  put(@CurrentUser() user: Principal, @Body() body: PutRiskLimitsBody): Promise<RiskLimitsView> {
    return this.limits.put(user.userId, body);
  }
}
