import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  BotActionAccepted,
  BotActionParams,
  BotActionView,
  BotParams,
} from '@platform/api-schemas';
import type { BotActionKind } from '@platform/persistence';
import { CurrentUser } from '../auth/current-user.decorator';
import type { GatewayResponse, Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { BotActionsService } from './bot-actions.service';

const how =
  'The request is recorded and answered 202 at once: the worker that runs the bot carries it out, or for a stopped bot the next worker claims the bot for it (rule 1: Postgres is the truth). Follow it with the Location (GET /bots/{id}/actions/{actionId}), the bot’s events or GET /live (order events, then a bot.status with the result). Asking again while it waits answers the same action (alreadyRequested): it is never done twice. 409 account_not_verified for a live bot whose account is not verified. Another user’s bot, or a deleted one, is a 404.';

/** A user's manual actions on a bot: cancel its open orders; sell everything and stop. */
@Controller('bots')
export class BotActionsController {
  constructor(private readonly actions: BotActionsService) {}

  @Post(':id/cancel-orders')
  @HttpCode(202)
  @Route({
    summary: 'Cancel the bot’s open orders at the exchange (paper or live)',
    description: `409 when the bot has no open orders. A running bot keeps running: its strategy may place new orders on a later evaluation (stop the bot to keep none). ${how}`,
    auth: 'user',
    params: BotParams,
    response: BotActionAccepted,
  })
  cancelOrders(
    @CurrentUser() user: Principal,
    @Param() { id }: BotParams,
    @Res({ passthrough: true }) response: GatewayResponse,
  ) {
    return this.request(user, id, 'cancel_orders', response);
  }

  @Post(':id/liquidate')
  @HttpCode(202)
  @Route({
    summary:
      'Sell everything and stop: cancel the open orders, sell the position at the market, stop',
    description: `The sell goes out like every order: recorded first as an intent with the bot’s next client order id, sent only while its worker holds the bot, then recorded with the exchange’s answer; a worker that dies in between leaves an intent its successor looks up by that id, so the position is sold once. The bot is stopped afterwards, also when the sell fails (the action says why). 409 when there is nothing to sell and no order to cancel. ${how}`,
    auth: 'user',
    params: BotParams,
    response: BotActionAccepted,
  })
  liquidate(
    @CurrentUser() user: Principal,
    @Param() { id }: BotParams,
    @Res({ passthrough: true }) response: GatewayResponse,
  ) {
    return this.request(user, id, 'liquidate', response);
  }

  @Get(':id/actions/:actionId')
  @Route({
    summary: 'One of the bot’s manual actions: pending, done or failed, with what happened',
    description: 'Another user’s bot or action, or a deleted bot, is a 404.',
    auth: 'user',
    params: BotActionParams,
    response: BotActionView,
  })
  get(@CurrentUser() user: Principal, @Param() { id, actionId }: BotActionParams) {
    return this.actions.get(user.userId, id, actionId);
  }

  private async request(
    user: Principal,
    botId: string,
    kind: BotActionKind,
    response: GatewayResponse,
  ) {
    const accepted = await this.actions.request(user.userId, botId, kind);
    response.header('Location', `/bots/${botId}/actions/${accepted.action.id}`);
    return accepted;
  }
}
