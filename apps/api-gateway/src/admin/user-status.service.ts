import { Injectable, Logger } from '@nestjs/common';
import type { AdminUserStatusView, ChangeUserStatusBody } from '@platform/api-schemas';
import { AdminUsersStore } from '@platform/persistence';
import { SessionStore } from '../auth/session-store';
import { BotsVersions } from '../bots/bots-versions';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/gateway-request';
import { AdminUsersService } from './admin-users.service';
import { BotsChangedHint } from './bots-changed-hint';

const userNotFound = () => ApiError.notFound('user');

/**
 * Disables and enables accounts. Postgres first (the mark and the stopped bots, one
 * transaction), then Redis (the sessions) and the hint: a repeated request does it all again,
 * so when Redis fails after the commit, sending the same request finishes the job.
 */
@Injectable()
export class UserStatusService {
  private readonly logger = new Logger('admin');

  constructor(
    private readonly store: AdminUsersStore,
    private readonly users: AdminUsersService,
    private readonly sessions: SessionStore,
    private readonly versions: BotsVersions,
    private readonly hint: BotsChangedHint,
  ) {}

  change(admin: Principal, id: string, body: ChangeUserStatusBody): Promise<AdminUserStatusView> {
    return body.disabled ? this.disable(admin, id, body.reason || null) : this.enable(id);
  }

  /**
   * The account can no longer sign in, its sessions end on every replica, its bots stop.
   * Admins cannot disable themselves, so the one who acts keeps a way back in.
   */
  private async disable(admin: Principal, id: string, reason: string | null) {
    if (id === admin.userId)
      throw ApiError.validation([
        { field: 'disabled', message: 'you cannot disable your own account: ask another admin' },
      ]);
    const stoppedBotIds = await this.store.disable(id, reason);
    if (!stoppedBotIds) throw userNotFound();
    this.hint.send(stoppedBotIds, 'user disabled');
    const endedSessions = await this.afterCommit(() => this.sessions.disable(id));
    if (stoppedBotIds.length > 0) await this.versions.bump(id);
    this.logger.log(
      `user ${id} disabled by ${admin.userId}: ${stoppedBotIds.length} bots stopped, ${endedSessions} sessions ended`,
    );
    return { ...(await this.users.get(id)), stoppedBots: stoppedBotIds.length, endedSessions };
  }

  /** The account may sign in again; its bots stay stopped until its user starts them. */
  private async enable(id: string) {
    if (!(await this.store.enable(id))) throw userNotFound();
    await this.afterCommit(() => this.sessions.enable(id));
    return { ...(await this.users.get(id)), stoppedBots: 0, endedSessions: 0 };
  }

  private async afterCommit<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      this.logger.warn(
        `account status saved, sessions not updated: ${error instanceof Error ? error.message : error}`,
      );
      throw ApiError.unavailable(
        'the account was saved, but its sessions could not be updated (Redis did not answer): send the same request again',
      );
    }
  }
}
