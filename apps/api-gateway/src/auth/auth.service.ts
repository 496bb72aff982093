import { Injectable } from '@nestjs/common';
import type { ProfileView, SessionView, UserView } from '@platform/api-schemas';
import { type StoredUser, SubscriptionsStore, UsersStore } from '@platform/persistence';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/gateway-request';
import { accountDisabled } from './account-disabled';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { SessionStore } from './session-store';
import { effectiveLimits } from './subscription-plans';

const userView = ({ id, email, role }: StoredUser): UserView => ({ id, email, role });

/** Sign-up, sign-in and sessions. Passwords and tokens never leave this class but as hashes. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersStore,
    private readonly subscriptions: SubscriptionsStore,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
  ) {}

  async register(email: string, password: string): Promise<UserView> {
    const user = await this.users.create(email, await this.hasher.hash(password));
    if (!user) throw ApiError.conflict('an account with this email already exists');
    return userView(user);
  }

  /**
   * One answer for an unknown email and a wrong password, after the same amount of work. A
   * disabled account is said so only after its password was right (a guess learns nothing),
   * and such an attempt is no failed guess for the throttle.
   */
  async login(email: string, password: string, ip: string): Promise<SessionView> {
    await this.throttle.reserveAttempt(email, ip);
    const user = await this.users.findByEmail(email);
    const valid = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !valid) {
      await this.throttle.failed(email, ip);
      throw ApiError.unauthenticated('email or password is wrong');
    }
    await this.throttle.succeeded(email, ip);
    if (user.disabled) throw accountDisabled();
    return this.startSession(user);
  }

  async logout(principal: Principal): Promise<void> {
    await this.sessions.revoke(principal.userId, principal.sessionId);
  }

  /** Ends every session of the user, this one included, and starts a fresh one. */
  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
    ip: string,
  ): Promise<SessionView> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw ApiError.unauthenticated('this account no longer exists');
    // A stolen session must not become a way to guess the password.
    await this.throttle.reserveAttempt(user.email, ip);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.throttle.failed(user.email, ip);
      throw ApiError.validation([
        { field: 'currentPassword', message: 'is not your current password' },
      ]);
    }
    await this.throttle.succeeded(user.email, ip);
    await this.users.setPasswordHash(user.id, await this.hasher.hash(newPassword));
    await this.sessions.revokeAll(user.id);
    return this.startSession(user);
  }

  async profile(principal: Principal): Promise<ProfileView> {
    const [profile, subscription] = await Promise.all([
      this.users.profile(principal.userId),
      this.subscriptions.find(principal.userId),
    ]);
    if (!profile) throw ApiError.unauthenticated('this account no longer exists');
    return {
      ...profile,
      createdAt: profile.createdAt.toISOString(),
      subscription: subscription && {
        plan: subscription.plan,
        ...effectiveLimits(subscription),
        validUntil: subscription.validUntil?.toISOString() ?? null,
        expired: subscription.expired,
      },
    };
  }

  private async startSession(user: StoredUser): Promise<SessionView> {
    // null: an admin disabled the account since it was read above
    const session = await this.sessions.create(user.id, user.role);
    if (!session) throw accountDisabled();
    return {
      token: session.token,
      expiresAt: session.expiresAt.toISOString(),
      user: userView(user),
    };
  }
}
