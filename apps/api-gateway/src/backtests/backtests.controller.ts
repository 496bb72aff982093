import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  BacktestDetail,
  BacktestList,
  BacktestListQuery,
  BacktestParams,
  BacktestView,
  BotView,
  CreateBacktestBody,
  CreateBotFromBacktestBody,
  CreateSweepBody,
  SweepView,
} from '@platform/api-schemas';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { BacktestsService } from './backtests.service';

const notFound = 'Another user’s backtest, or a deleted one, is a 404.';
const checks =
  'Checked before anything is stored, each a 400 at its field: params against the strategy’s rules (params.<field>), from before to and both in the past, a range longer than your plan allows (at to), an unknown market (at symbol), a range without any candle (at from). ';

@Controller('backtests')
export class BacktestsController {
  constructor(private readonly backtests: BacktestsService) {}

  @Post()
  @HttpCode(202)
  @Route({
    summary:
      'Run a backtest: a bot definition tried on candle history (queued, then run by a bot-worker)',
    description:
      checks +
      'It is queued and runs on whichever bot-worker serves backtest jobs; follow it with GET /backtests/{id} (progress) or the live stream (backtest.progress). 403 plan_limit when your plan’s backtests queued or running at once are all in use.',
    auth: 'user',
    body: CreateBacktestBody,
    response: BacktestView,
  })
  create(@CurrentUser() user: Principal, @Body() body: CreateBacktestBody) {
    return this.backtests.create(user.userId, body);
  }

  @Get()
  @Route({
    summary: 'Your backtests, newest first (without their full results)',
    auth: 'user',
    query: BacktestListQuery,
    response: BacktestList,
  })
  list(@CurrentUser() user: Principal, @Query() query: BacktestListQuery) {
    return this.backtests.list(user.userId, query);
  }

  @Get(':id')
  @Route({
    summary:
      'One of your backtests: status, progress, metrics and (once succeeded) the full result',
    description: notFound,
    auth: 'user',
    params: BacktestParams,
    response: BacktestDetail,
  })
  get(@CurrentUser() user: Principal, @Param() { id }: BacktestParams) {
    return this.backtests.get(user.userId, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Route({
    summary: 'Cancel a queued or running backtest',
    description: `A running one stops within about a second. 409 when it has already finished. ${notFound}`,
    auth: 'user',
    params: BacktestParams,
    response: BacktestView,
  })
  cancel(@CurrentUser() user: Principal, @Param() { id }: BacktestParams) {
    return this.backtests.cancel(user.userId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Route({
    summary: 'Delete a backtest and its result (a running one stops)',
    description: notFound,
    auth: 'user',
    params: BacktestParams,
  })
  async remove(@CurrentUser() user: Principal, @Param() { id }: BacktestParams) {
    await this.backtests.remove(user.userId, id);
  }

  @Post(':id/bot')
  @Route({
    summary: 'Create a paper bot from this backtest’s definition (stopped)',
    description: `Exchange, symbol, timeframe, strategy and params as the backtest ran them; its starting balance becomes params.risk.paperQuoteBalance. The same checks and plan limits as POST /bots. ${notFound}`,
    auth: 'user',
    params: BacktestParams,
    body: CreateBotFromBacktestBody,
    response: BotView,
  })
  createBot(
    @CurrentUser() user: Principal,
    @Param() { id }: BacktestParams,
    @Body() body: CreateBotFromBacktestBody,
  ) {
    return this.backtests.createBot(user.userId, id, body);
  }
}

@Controller('backtests/sweeps')
export class SweepsController {
  constructor(private readonly backtests: BacktestsService) {}

  @Post()
  @HttpCode(202)
  @Route({
    summary: 'Run a parameter sweep: one backtest per combination of the grid, ranked by a metric',
    description:
      checks +
      'Every combination’s params must pass the strategy’s rules (errors at grid.<param>, naming the combination). The combinations run as separate jobs spread over every bot-worker that serves backtest jobs. 400 at grid beyond your plan’s combinations per sweep; 403 plan_limit when your plan’s sweeps queued or running at once are all in use.',
    auth: 'user',
    body: CreateSweepBody,
    response: SweepView,
  })
  create(@CurrentUser() user: Principal, @Body() body: CreateSweepBody) {
    return this.backtests.createSweep(user.userId, body);
  }

  @Get(':id')
  @Route({
    summary: 'A sweep: its progress per status and its combinations ranked by its metric',
    description: 'Another user’s sweep is a 404.',
    auth: 'user',
    params: BacktestParams,
    response: SweepView,
  })
  get(@CurrentUser() user: Principal, @Param() { id }: BacktestParams) {
    return this.backtests.sweep(user.userId, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Route({
    summary: 'Cancel a sweep’s queued and running backtests (the finished ones stay)',
    description: 'Another user’s sweep is a 404.',
    auth: 'user',
    params: BacktestParams,
    response: SweepView,
  })
  cancel(@CurrentUser() user: Principal, @Param() { id }: BacktestParams) {
    return this.backtests.cancelSweep(user.userId, id);
  }
}
