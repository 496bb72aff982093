import { Controller, Get } from '@nestjs/common';
import { PortfolioView } from '@platform/api-schemas';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { PortfolioService } from './portfolio.service';

@Controller('portfolio')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

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
}
