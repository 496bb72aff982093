import { Controller, Get, Param, Query } from '@nestjs/common';
import { BotEquityView, BotParams, EquityQuery } from '@platform/api-schemas';
import { EquityStore } from '@platform/persistence';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { botNotFound } from './bots.service';

/** A bot's equity over time, from the minute snapshots its workers wrote (EquitySnapshots). */
@Controller('bots')
export class BotEquityController {
  constructor(private readonly equity: EquityStore) {}

  @Get(':id/equity')
  @Route({
    summary: 'The bot’s equity and profit over time, thinned to at most `points` points',
    description:
      'One snapshot a minute while the bot runs (its worker writes it; none while it is stopped); older history is kept hourly after 7 days and daily after 90. The range [from, to] defaults to the last 24 hours and may span at most 400 days; it is cut into `points` time buckets, each shown by its newest snapshot. Another user’s bot, or a deleted one, is a 404.',
    auth: 'user',
    params: BotParams,
    query: EquityQuery,
    response: BotEquityView,
  })
  async history(
    @CurrentUser() user: Principal,
    @Param() { id }: BotParams,
    @Query() { from, to, points }: EquityQuery,
  ): Promise<BotEquityView> {
    const history = await this.equity.equityOf(user.userId, id, from, to, points);
    if (!history) throw botNotFound();
    return {
      botId: id,
      from: from.toISOString(),
      to: to.toISOString(),
      maxPoints: points,
      points: history,
    };
  }
}
