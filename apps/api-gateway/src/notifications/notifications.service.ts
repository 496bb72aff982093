import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  CreateNotificationChannelBody,
  FieldError,
  NotificationChannelView,
  NotificationPreferencesBody,
  NotificationTestResult,
  UpdateNotificationChannelBody,
} from '@platform/api-schemas';
import type { KeyRing } from '@platform/exchange';
import {
  ChannelSender,
  type NotifyConfig,
  sealChannelSecret,
  testMessage,
} from '@platform/notifications';
import {
  BotsStore,
  type ChannelTarget,
  type NotificationChannelKind,
  type NotificationChannelRecord,
  NotificationChannelsStore,
  type NotificationPreferences,
  NotificationPreferencesStore,
  SQL,
  type Sql,
  SubscriptionsStore,
} from '@platform/persistence';
import { ApiError } from '../http/api-error';
import { toNotificationChannelView } from './notification-channel-view';
import { isPrivateWebhookUrl } from './webhook-url-guard';

export const NOTIFY_KEY_RING = Symbol('NOTIFY_KEY_RING');
export const NOTIFY_CONFIG = Symbol('NOTIFY_CONFIG');

/** More channels than this per user only multiply every message. */
export const MAX_CHANNELS_PER_USER = 10;

// The fields of each kind: where it sends (shown) and its secret (write-only).
const KIND_FIELDS: Record<NotificationChannelKind, { target: string[]; secret: string | null }> = {
  telegram: { target: ['chatId'], secret: 'botToken' },
  webhook: { target: ['url'], secret: 'secret' },
  email: { target: ['address'], secret: null },
};

const notFound = () => ApiError.notFound('notification channel');

/**
 * Users' notification channels and their bots' preferences. Secrets (a Telegram bot token, a
 * webhook signing secret) are sealed with the key ring before they reach Postgres, bound to
 * the channel's id, and never returned or logged.
 */
@Injectable()
export class NotificationsService {
  private readonly sender: ChannelSender;

  constructor(
    private readonly channels: NotificationChannelsStore,
    private readonly preferences: NotificationPreferencesStore,
    private readonly bots: BotsStore,
    private readonly subscriptions: SubscriptionsStore,
    @Inject(SQL) private readonly sql: Sql,
    @Inject(NOTIFY_CONFIG) private readonly config: NotifyConfig,
    @Inject(NOTIFY_KEY_RING) private readonly keyRing: KeyRing | null,
  ) {
    this.sender = new ChannelSender(config, keyRing);
  }

  async list(userId: string): Promise<NotificationChannelView[]> {
    return (await this.channels.listOwned(userId)).map(toNotificationChannelView);
  }

  async get(userId: string, id: string): Promise<NotificationChannelView> {
    return toNotificationChannelView(await this.owned(userId, id));
  }

  async create(
    userId: string,
    body: CreateNotificationChannelBody,
  ): Promise<NotificationChannelView> {
    const fields = body as Record<string, string>;
    const { target: targetFields, secret: secretField } = KIND_FIELDS[body.kind];
    const target = Object.fromEntries(targetFields.map((f) => [f, fields[f]])) as ChannelTarget;
    this.checkTarget(target);
    const id = randomUUID();
    const secret = secretField ? this.seal(id, fields[secretField]) : null;
    // Counted under a lock on the subscription, so concurrent adds cannot pass the limit.
    return this.sql.transaction(async (tx) => {
      await this.subscriptions.lock(tx, userId);
      if ((await this.channels.countOwned(tx, userId)) >= MAX_CHANNELS_PER_USER)
        throw new ApiError(
          'plan_limit',
          `you have the most notification channels allowed (${MAX_CHANNELS_PER_USER}): delete one first`,
        );
      const created = await this.channels.insert(
        { id, userId, kind: body.kind, label: body.label, target, secret },
        tx,
      );
      if (!created) throw ApiError.conflict(`you already have a channel labelled "${body.label}"`);
      return toNotificationChannelView(created);
    });
  }

  async update(
    userId: string,
    id: string,
    body: UpdateNotificationChannelBody,
  ): Promise<NotificationChannelView> {
    const channel = await this.owned(userId, id);
    const { target: targetFields, secret: secretField } = KIND_FIELDS[channel.kind];
    const own = new Set([
      'label',
      'enabled',
      ...targetFields,
      ...(secretField ? [secretField] : []),
    ]);
    const foreign: FieldError[] = Object.keys(body)
      .filter((field) => !own.has(field))
      .map((field) => ({ field, message: `is not a field of a ${channel.kind} channel` }));
    if (foreign.length > 0) throw ApiError.validation(foreign, 'invalid body');
    const fields = body as Record<string, string | boolean | undefined>;
    const changedTarget = targetFields.filter((f) => fields[f] !== undefined);
    const target =
      changedTarget.length > 0
        ? {
            ...channel.target,
            ...Object.fromEntries(changedTarget.map((f) => [f, String(fields[f])])),
          }
        : undefined;
    if (target) this.checkTarget(target);
    const secretValue = secretField ? fields[secretField] : undefined;
    const updated = await this.channels.updateOwned(userId, id, {
      label: body.label,
      enabled: body.enabled,
      target,
      secret: typeof secretValue === 'string' ? this.seal(id, secretValue) : undefined,
    });
    if (updated === 'conflict')
      throw ApiError.conflict(`you already have a channel labelled "${body.label}"`);
    if (!updated) throw notFound();
    return toNotificationChannelView(updated);
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.channels.deleteOwned(userId, id))) throw notFound();
  }

  /** Sends a test message now and records the outcome: a success clears a failing channel. */
  async test(userId: string, id: string): Promise<NotificationTestResult> {
    await this.owned(userId, id);
    const channel = await this.channels.loadDeliverable(id);
    if (!channel) throw notFound();
    const outcome = await this.sender.send(channel, testMessage(id));
    if (outcome.ok) await this.channels.recordSuccess(id);
    else
      await this.channels.recordFailure(
        id,
        outcome.error,
        outcome.permanent,
        this.config.NOTIFY_FAIL_AFTER,
      );
    return {
      delivered: outcome.ok,
      error: outcome.ok ? null : outcome.error,
      channel: toNotificationChannelView(await this.owned(userId, id)),
    };
  }

  async preferencesOf(userId: string, botId: string): Promise<NotificationPreferences> {
    await this.ownedBot(userId, botId);
    return this.preferences.get(botId);
  }

  async setPreferences(
    userId: string,
    botId: string,
    body: NotificationPreferencesBody,
  ): Promise<NotificationPreferences> {
    await this.ownedBot(userId, botId);
    return this.preferences.put(botId, body);
  }

  private async owned(userId: string, id: string): Promise<NotificationChannelRecord> {
    const channel = await this.channels.findOwned(userId, id);
    if (!channel) throw notFound();
    return channel;
  }

  private async ownedBot(userId: string, botId: string): Promise<void> {
    const bot = await this.bots.findOwned(userId, botId);
    if (!bot) throw ApiError.notFound('bot');
  }

  private checkTarget(target: ChannelTarget): void {
    const url = target['url'];
    if (url && !this.config.NOTIFY_WEBHOOK_ALLOW_PRIVATE && isPrivateWebhookUrl(url))
      throw ApiError.validation([
        { field: 'url', message: 'must not point at a loopback or private address' },
      ]);
  }

  private seal(channelId: string, secret: string) {
    if (!this.keyRing)
      throw new ApiError(
        'not_configured',
        'ENCRYPTION_KEYS is not set on the api-gateway: channel secrets cannot be stored',
      );
    return sealChannelSecret(this.keyRing, channelId, secret);
  }
}
