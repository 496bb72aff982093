import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  BotBalancesView,
  BotParams,
  BotStatusView,
  EventPage,
  EventPageQuery,
  OrderPage,
  OrderPageQuery,
  TradePage,
  TradePageQuery,
} from '@platform/api-schemas';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { BotActivityService } from './bot-activity.service';

const pages =
  'Newest first; pass nextCursor as `cursor` for older ones (`before`, its old name, is deprecated: a 400 when it differs from `cursor`).';

/** What a bot does and did. Another user's bot, or a deleted one, is a 404 on every route. */
@Controller('bots')
export class BotActivityController {
  constructor(private readonly activity: BotActivityService) {}

  @Get(':id/status')
  @Route({
    summary: 'Desired and actual state, worker, position, profit, balances, last error',
    auth: 'user',
    params: BotParams,
    response: BotStatusView,
  })
  status(@CurrentUser() user: Principal, @Param() { id }: BotParams) {
    return this.activity.status(user.userId, id);
  }

  @Get(':id/orders')
  @Route({
    summary: 'The bot’s orders',
    description: `${pages} Filters (status, side, type) narrow every page alike.`,
    auth: 'user',
    params: BotParams,
    query: OrderPageQuery,
    response: OrderPage,
  })
  orders(@CurrentUser() user: Principal, @Param() { id }: BotParams, @Query() q: OrderPageQuery) {
    return this.activity.orders(user.userId, id, q);
  }

  @Get(':id/trades')
  @Route({
    summary: 'The bot’s fills',
    description: `${pages} \`from\`/\`to\` keep the fills executed in [from, to) (chart markers); the cursor pages within them.`,
    auth: 'user',
    params: BotParams,
    query: TradePageQuery,
    response: TradePage,
  })
  trades(@CurrentUser() user: Principal, @Param() { id }: BotParams, @Query() q: TradePageQuery) {
    return this.activity.trades(user.userId, id, q);
  }

  @Get(':id/events')
  @Route({
    summary: 'The bot’s audit trail (starts, claims, orders, errors)',
    description: `${pages} \`type\` takes one list, comma-separated (type=bot.claimed,bot.released), not a repeated parameter.`,
    auth: 'user',
    params: BotParams,
    query: EventPageQuery,
    response: EventPage,
  })
  events(@CurrentUser() user: Principal, @Param() { id }: BotParams, @Query() q: EventPageQuery) {
    return this.activity.events(user.userId, id, q);
  }

  @Get(':id/balances')
  @Route({
    summary: 'Paper bots: their own balances; live bots: their exchange account’s',
    auth: 'user',
    params: BotParams,
    response: BotBalancesView,
  })
  balances(@CurrentUser() user: Principal, @Param() { id }: BotParams) {
    return this.activity.balances(user.userId, id);
  }
}
