import { Controller, Get, Query } from '@nestjs/common';
import { PortfolioEquityQuery, PortfolioEquityView, PortfolioView } from '@platform/api-schemas';
import { EquityStore } from '@platform/persistence';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { PortfolioService } from './portfolio.service';

@Controller('portfolio')
export class PortfolioController {
  constructor(
    private readonly portfolio: PortfolioService,
    private readonly equity: EquityStore,
  ) {}

  @Get()
  @Route({
    summary: 'All your bots’ status in one request, with totals per quote currency',
    description:
      'Per bot (not deleted, newest first): desired and actual state, worker and host, position, unrealized profit at the market snapshot’s price, last error; the same rules as GET /bots/{id}/status. At most 1000 bots (the largest plan’s stored bots; `truncated` says when more exist). To follow changes, open GET /live once instead of polling: polling each bot’s status, orders and trades soon exceeds the requests per minute a user may make.',
    auth: 'user',
    response: PortfolioView,
  })
  get(@CurrentUser() user: Principal) {
    return this.portfolio.portfolio(user.userId);
  }

  @Get('equity')
  @Route({
    summary: 'Your total equity and profit over time, for one mode and quote currency',
    description:
      'The sum over your bots of that mode and quote currency, one total a minute (a background job sums the bots’ snapshots once a minute is two minutes old); paper and live, or USDT and BTC, are never added up. The range [from, to] defaults to the last 24 hours and may span at most 400 days; it is cut into `points` time buckets, each shown by its newest total. No bots of that kind: an empty list.',
    auth: 'user',
    query: PortfolioEquityQuery,
    response: PortfolioEquityView,
  })
  async history(
    @CurrentUser() user: Principal,
    @Query() { mode, quote, from, to, points }: PortfolioEquityQuery,
  ): Promise<PortfolioEquityView> {
    return {
      mode,
      quote,
      from: from.toISOString(),
      to: to.toISOString(),
      maxPoints: points,
      points: await this.equity.portfolioEquity(user.userId, mode, quote, from, to, points),
    };
  }
}
