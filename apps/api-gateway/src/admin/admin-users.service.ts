import { Injectable } from '@nestjs/common';
import {
  type AdminUserListQuery,
  type AdminUserView,
  encodeTimeCursor,
  PAGE_DEFAULT,
} from '@platform/api-schemas';
import {
  type AdminUserRow,
  AdminUsersStore,
  type SubscriptionPlan,
  type UserRole,
} from '@platform/persistence';
import { SessionStore } from '../auth/session-store';
import { page } from '../bots/page';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/gateway-request';

const userNotFound = () => ApiError.notFound('user');

const toView = (row: AdminUserRow): AdminUserView => ({
  id: row.id,
  email: row.email,
  role: row.role,
  createdAt: row.created_at.toISOString(),
  disabled: row.disabled_at !== null,
  disabledAt: row.disabled_at?.toISOString() ?? null,
  disabledReason: row.disabled_reason,
  subscription:
    row.plan === null
      ? null
      : {
          plan: row.plan,
          validUntil: row.valid_until?.toISOString() ?? null,
          expired: row.expired,
          maxRunningBots: row.max_running_bots ?? 0,
          maxBots: row.max_bots ?? 0,
          maxExchangeAccounts: row.max_exchange_accounts ?? 0,
        },
  usage: {
    bots: row.bots,
    runningBots: row.running_bots,
    exchangeAccounts: row.exchange_accounts,
  },
});

/** Admins' view of the users: look them up, change their plan or role (disabling: UserStatusService). */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly store: AdminUsersStore,
    private readonly sessions: SessionStore,
  ) {}

  async list(query: AdminUserListQuery) {
    const limit = query.limit ?? PAGE_DEFAULT;
    const rows = await this.store.list(limit, query.email, query.cursor);
    return page(rows, limit, toView, (row) => encodeTimeCursor({ at: row.sort_key, id: row.id }));
  }

  async get(id: string): Promise<AdminUserView> {
    const row = await this.store.find(id);
    if (!row) throw userNotFound();
    return toView(row);
  }

  /**
   * Takes effect for the next start, create or add: those lock the subscription row that this
   * update writes. Bots and accounts above a lower limit stay; only new ones are refused.
   */
  async changePlan(id: string, plan: SubscriptionPlan, validUntil?: string | null) {
    if (!(await this.store.setPlan(id, plan, validUntil ?? null))) throw userNotFound();
    return this.get(id);
  }

  /**
   * Ends the user's sessions: a session carries its role, so a demoted admin must not keep
   * admin sessions (and a promoted user signs in again to get one). Admins cannot demote
   * themselves, so the last admin cannot lock everyone out by mistake.
   */
  async changeRole(admin: Principal, id: string, role: UserRole) {
    if (id === admin.userId && role !== 'admin')
      throw ApiError.conflict('you cannot take your own admin role: ask another admin');
    const before = await this.store.find(id);
    if (!before) throw userNotFound();
    if (before.role !== role) {
      if (!(await this.store.setRole(id, role))) throw userNotFound();
      await this.sessions.revokeAll(id);
    }
    return this.get(id);
  }
}
