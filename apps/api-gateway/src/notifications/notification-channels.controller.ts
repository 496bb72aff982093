import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  CreateNotificationChannelBody,
  NotificationChannelList,
  NotificationChannelParams,
  NotificationChannelView,
  NotificationTestResult,
  UpdateNotificationChannelBody,
} from '@platform/api-schemas';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { NotificationsService } from './notifications.service';

@Controller('notification-channels')
export class NotificationChannelsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Post()
  @Route({
    summary:
      'Add a notification channel: Telegram, a signed webhook or e-mail (secrets write-only)',
    auth: 'user',
    body: CreateNotificationChannelBody,
    response: NotificationChannelView,
  })
  create(@CurrentUser() user: Principal, @Body() body: CreateNotificationChannelBody) {
    return this.notifications.create(user.userId, body);
  }

  @Get()
  @Route({
    summary: 'Your notification channels and whether they work',
    auth: 'user',
    response: NotificationChannelList,
  })
  async list(@CurrentUser() user: Principal) {
    return { items: await this.notifications.list(user.userId) };
  }

  @Get(':id')
  @Route({
    summary: 'One of your notification channels',
    auth: 'user',
    params: NotificationChannelParams,
    response: NotificationChannelView,
  })
  get(@CurrentUser() user: Principal, @Param() { id }: NotificationChannelParams) {
    return this.notifications.get(user.userId, id);
  }

  @Patch(':id')
  @Route({
    summary: 'Change a channel: label, enabled, where it sends, its secret',
    auth: 'user',
    params: NotificationChannelParams,
    body: UpdateNotificationChannelBody,
    response: NotificationChannelView,
  })
  update(
    @CurrentUser() user: Principal,
    @Param() { id }: NotificationChannelParams,
    @Body() body: UpdateNotificationChannelBody,
  ) {
    return this.notifications.update(user.userId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Route({
    summary: 'Delete a notification channel',
    auth: 'user',
    params: NotificationChannelParams,
  })
  async remove(@CurrentUser() user: Principal, @Param() { id }: NotificationChannelParams) {
    await this.notifications.remove(user.userId, id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @Route({
    summary: 'Send a test message now; a success clears a failing channel',
    auth: 'user',
    params: NotificationChannelParams,
    response: NotificationTestResult,
  })
  test(@CurrentUser() user: Principal, @Param() { id }: NotificationChannelParams) {
    return this.notifications.test(user.userId, id);
  }
}
