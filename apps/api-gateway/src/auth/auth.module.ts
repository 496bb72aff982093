import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import {
  LOGIN_THROTTLE_SETTINGS,
  type LoginThrottleSettings,
  LoginThrottle,
} from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { SESSION_TTL_SECONDS, SessionStore } from './session-store';
import { UsersStore } from './users.store';

/** Accounts, passwords and sessions. Needs GatewayRedisModule and DatabaseModule (global). */
@Module({})
export class AuthModule {
  static forRoot(options: { sessionTtlSeconds: number; loginThrottle: LoginThrottleSettings }) {
    return {
      module: AuthModule,
      controllers: [AuthController],
      providers: [
        AuthService,
        UsersStore,
        PasswordHasher,
        SessionStore,
        LoginThrottle,
        { provide: SESSION_TTL_SECONDS, useValue: options.sessionTtlSeconds },
        { provide: LOGIN_THROTTLE_SETTINGS, useValue: options.loginThrottle },
      ],
    };
  }
}
