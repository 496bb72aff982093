import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ChangePasswordBody,
  LoginBody,
  ProfileView,
  RegisterBody,
  SessionView,
  UserView,
} from '@platform/api-schemas';
import { clientIp } from '../http/client-ip';
import type { GatewayRequest, Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @Route({
    summary: 'Create an account (free plan)',
    auth: 'public',
    body: RegisterBody,
    response: UserView,
  })
  register(@Body() body: RegisterBody) {
    return this.auth.register(body.email, body.password);
  }

  @Post('login')
  @HttpCode(200)
  @Route({
    summary: 'Sign in; returns a session token',
    auth: 'public',
    body: LoginBody,
    response: SessionView,
  })
  login(@Body() body: LoginBody, @Req() request: GatewayRequest) {
    return this.auth.login(body.email, body.password, clientIp(request));
  }

  @Post('logout')
  @HttpCode(204)
  @Route({ summary: 'End this session', auth: 'user' })
  async logout(@CurrentUser() user: Principal) {
    await this.auth.logout(user);
  }

  @Post('password')
  @HttpCode(200)
  @Route({
    summary: 'Change the password; ends every session and returns a new token',
    auth: 'user',
    body: ChangePasswordBody,
    response: SessionView,
  })
  changePassword(
    @CurrentUser() user: Principal,
    @Body() body: ChangePasswordBody,
    @Req() request: GatewayRequest,
  ) {
    return this.auth.changePassword(
      user,
      body.currentPassword,
      body.newPassword,
      clientIp(request),
    );
  }

  @Get('me')
  @Route({ summary: 'The signed-in user and plan', auth: 'user', response: ProfileView })
  me(@CurrentUser() user: Principal) {
    return this.auth.profile(user);
  }
}
