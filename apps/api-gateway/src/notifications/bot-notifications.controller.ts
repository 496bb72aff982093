import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  BotParams,
  NotificationPreferencesBody,
  NotificationPreferencesView,
} from '@platform/api-schemas';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { NotificationsService } from './notifications.service';

@Controller('bots')
export class BotNotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get(':id/notifications')
  @Route({
    summary: "Which of the bot's events are sent to your channels",
    auth: 'user',
    params: BotParams,
    response: NotificationPreferencesView,
  })
  get(@CurrentUser() user: Principal, @Param() { id }: BotParams) {
    return this.notifications.preferencesOf(user.userId, id);
  }

  @Put(':id/notifications')
  @Route({
    summary: "Choose which of the bot's events are sent to your channels",
    auth: 'user',
    params: BotParams,
    body: NotificationPreferencesBody,
    response: NotificationPreferencesView,
  })
  put(
    @CurrentUser() user: Principal,
    @Param() { id }: BotParams,
    @Body() body: NotificationPreferencesBody,
  ) {
    return this.notifications.setPreferences(user.userId, id, body);
  }
}
