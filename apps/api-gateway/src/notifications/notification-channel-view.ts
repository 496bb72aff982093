import type { NotificationChannelView } from '@platform/api-schemas';
import type { NotificationChannelRecord } from '@platform/persistence';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A channel as its owner sees it: where it sends and whether it works, never its secret. */
export const toNotificationChannelView = (
  channel: NotificationChannelRecord,
): NotificationChannelView => ({
  id: channel.id,
  kind: channel.kind,
  label: channel.label,
  enabled: channel.enabled,
  target: channel.target,
  status: channel.failingSince ? 'failing' : 'ok',
  consecutiveFailures: channel.consecutiveFailures,
  lastError: channel.lastError,
  lastErrorAt: iso(channel.lastErrorAt),
  lastDeliveredAt: iso(channel.lastDeliveredAt),
  createdAt: channel.createdAt.toISOString(),
});
