import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { BotParams, BotView, CreateBotBody, UpdateBotBody } from '@platform/api-schemas';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { BotsService } from './bots.service';

const notFound = 'Another user’s bot, or a deleted one, is a 404.';
const onStop =
  'With cancelOrdersOnStop (the default) its worker first cancels its open orders at the exchange, and the bot shows stopping until they are cancelled; with false they stay resting.';

@Controller('bots')
export class BotsController {
  constructor(private readonly bots: BotsService) {}

  @Post()
  @Route({
    summary: 'Create a bot (stopped; paper money unless mode is live)',
    description:
      'params are checked against the strategy’s rules; errors name params.<field>. A live bot needs one of your exchange accounts (exchangeAccountId).',
    auth: 'user',
    body: CreateBotBody,
    response: BotView,
  })
  create(@CurrentUser() user: Principal, @Body() body: CreateBotBody) {
    return this.bots.create(user.userId, body);
  }

  @Get(':id')
  @Route({
    summary: 'One of your bots',
    description: notFound,
    auth: 'user',
    params: BotParams,
    response: BotView,
  })
  get(@CurrentUser() user: Principal, @Param() { id }: BotParams) {
    return this.bots.get(user.userId, id);
  }

  @Patch(':id')
  @Route({
    summary: 'Change a bot',
    description:
      'While the bot runs (or is still stopping) only its name and cancelOrdersOnStop can change: anything else is a 409 "stop the bot first". Changing symbol, mode or account also needs a bot without a position or open orders (409). params replaces the whole object and is checked against the (new) strategy. ' +
      notFound,
    auth: 'user',
    params: BotParams,
    body: UpdateBotBody,
    response: BotView,
  })
  update(@CurrentUser() user: Principal, @Param() { id }: BotParams, @Body() body: UpdateBotBody) {
    return this.bots.update(user.userId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Route({
    summary: 'Delete a bot (it stops; its history is kept)',
    description: `${onStop} ${notFound}`,
    auth: 'user',
    params: BotParams,
  })
  async remove(@CurrentUser() user: Principal, @Param() { id }: BotParams) {
    await this.bots.remove(user.userId, id);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Route({
    summary: 'Start a bot (a bot-worker claims it within about a second)',
    description:
      '403 plan_limit when your plan’s running bots are all in use; 409 account_not_verified for a live bot whose exchange account is not verified; 409 account_in_use (naming the other bot) for a live bot when another of your live bots runs on the same exchange account and symbol, unless this bot has allowSharedAccount. A start measures the max drawdown stop from the bot’s equity at that moment. Starting a running bot changes nothing. ' +
      notFound,
    auth: 'user',
    params: BotParams,
    response: BotView,
  })
  start(@CurrentUser() user: Principal, @Param() { id }: BotParams) {
    return this.bots.start(user.userId, id);
  }

  @Post(':id/stop')
  @HttpCode(200)
  @Route({
    summary: 'Stop a bot (its worker lets go within about a second)',
    description: `${onStop} Stopping a stopped bot changes nothing. ${notFound}`,
    auth: 'user',
    params: BotParams,
    response: BotView,
  })
  stop(@CurrentUser() user: Principal, @Param() { id }: BotParams) {
    return this.bots.stop(user.userId, id);
  }
}
