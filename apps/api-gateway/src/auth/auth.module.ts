import { type DynamicModule, Module } from '@nestjs/common';
import { SubscriptionsStore, UsersStore } from '@platform/persistence';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import {
  LOGIN_THROTTLE_SETTINGS,
  type LoginThrottleSettings,
  LoginThrottle,
} from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { SESSION_TTL_SECONDS, SessionStore } from './session-store';

/**
 * Accounts, passwords, sessions and plans. Needs GatewayRedisModule and PersistenceModule
 * (global). Global itself: features check plan limits, admins revoke sessions.
 */
@Module({})
export class AuthModule {
  static forRoot(options: {
    sessionTtlSeconds: number;
    loginThrottle: LoginThrottleSettings;
  }): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      exports: [SessionStore, SubscriptionsStore],
      controllers: [AuthController],
      providers: [
        AuthService,
        UsersStore,
        SubscriptionsStore,
        PasswordHasher,
        SessionStore,
        LoginThrottle,
        { provide: SESSION_TTL_SECONDS, useValue: options.sessionTtlSeconds },
        { provide: LOGIN_THROTTLE_SETTINGS, useValue: options.loginThrottle },
      ],
    };
  }
}
