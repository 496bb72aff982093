import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import {
  AdminUserList,
  AdminUserListQuery,
  AdminUserParams,
  AdminUserStatusView,
  AdminUserView,
  ChangePlanBody,
  ChangeRoleBody,
  ChangeUserStatusBody,
} from '@platform/api-schemas';
import { CurrentUser } from '../auth/current-user.decorator';
import { plansTable } from '../auth/subscription-plans';
import type { Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { AdminUsersService } from './admin-users.service';
import { UserStatusService } from './user-status.service';

const unknownUser = 'An unknown id is a 404.';

/** Operators' work on accounts: plans, roles, disabling (admins only). */
@Controller('admin/users')
export class AdminController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly status: UserStatusService,
  ) {}

  @Get()
  @Route({
    summary: 'Users, newest first, with plan and usage; search by part of the email',
    auth: 'admin',
    query: AdminUserListQuery,
    response: AdminUserList,
  })
  list(@Query() query: AdminUserListQuery) {
    return this.users.list(query);
  }

  @Get(':id')
  @Route({
    summary: 'One user with plan and usage',
    description: unknownUser,
    auth: 'admin',
    params: AdminUserParams,
    response: AdminUserView,
  })
  get(@Param() { id }: AdminUserParams) {
    return this.users.get(id);
  }

  @Patch(':id/plan')
  @Route({
    summary: 'Set a user’s plan (its limits apply at once)',
    description: `Sets the plan’s limits:\n\n${plansTable()}\n\nBots and accounts above a lower limit stay; new ones are refused (403 plan_limit). After validUntil the free limits apply. ${unknownUser}`,
    auth: 'admin',
    params: AdminUserParams,
    body: ChangePlanBody,
    response: AdminUserView,
  })
  changePlan(@Param() { id }: AdminUserParams, @Body() body: ChangePlanBody) {
    return this.users.changePlan(id, body.plan, body.validUntil);
  }

  @Patch(':id/role')
  @Route({
    summary: 'Make a user an admin or a user again (ends their sessions)',
    description: `409 when admins try to take their own admin role. ${unknownUser}`,
    auth: 'admin',
    params: AdminUserParams,
    body: ChangeRoleBody,
    response: AdminUserView,
  })
  changeRole(
    @CurrentUser() admin: Principal,
    @Param() { id }: AdminUserParams,
    @Body() body: ChangeRoleBody,
  ) {
    return this.users.changeRole(admin, id, body.role);
  }

  @Patch(':id/status')
  @Route({
    summary: 'Disable a user (no sign-in, sessions ended, bots stopped) or enable them again',
    description: `Disabling marks the account, stops every bot of it that runs (its workers let go and cancel open orders as on the user's own stop) and ends its sessions on every gateway; sign-in then answers 403 account_disabled. Enabling lets the user sign in again; the bots stay stopped. Both may be repeated. 400 at disabled when admins try to disable themselves. ${unknownUser}`,
    auth: 'admin',
    params: AdminUserParams,
    body: ChangeUserStatusBody,
    response: AdminUserStatusView,
  })
  changeStatus(
    @CurrentUser() admin: Principal,
    @Param() { id }: AdminUserParams,
    @Body() body: ChangeUserStatusBody,
  ) {
    return this.status.change(admin, id, body);
  }
}
