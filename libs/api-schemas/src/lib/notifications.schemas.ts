import { z } from 'zod';
import { text } from './text';

const VISIBLE_ASCII = /^[\x21-\x7E]+$/;

const label = text({ max: 100 });
const chatId = z
  .string()
  .trim()
  .regex(
    /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/,
    'must be a numeric chat id or an @channelname',
  )
  .describe('the Telegram chat to write to: a numeric id, or @channelname of a public channel');
const botToken = z
  .string()
  .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/, 'must be a Telegram bot token like 123456:ABC-DEF...')
  .describe('the token BotFather gave the bot (write-only: sealed at rest, never shown)');
const webhookUrl = z
  .string()
  .trim()
  .max(2000, 'must have at most 2000 characters')
  .refine((value) => {
    try {
      return ['https:', 'http:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL')
  .describe('where the signed POSTs go');
const webhookSecret = z
  .string()
  .min(16, 'must have at least 16 characters')
  .max(256, 'must have at most 256 characters')
  .regex(VISIBLE_ASCII, 'must be printable ASCII without spaces')
  .describe(
    'HMAC-SHA256 key of the signatures (write-only: sealed at rest, never shown); X-Webhook-Signature: v1=hex(HMAC(secret, X-Webhook-Timestamp + "." + body))',
  );
const address = text({ min: 0, max: 254 })
  .toLowerCase()
  .check(z.email('must be an email address'))
  .describe('where the e-mails go');

export const NotificationChannelKinds = ['telegram', 'webhook', 'email'] as const;

export const CreateNotificationChannelBody = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('telegram'), label, chatId, botToken }).strict(),
    z
      .object({ kind: z.literal('webhook'), label, url: webhookUrl, secret: webhookSecret })
      .strict(),
    z.object({ kind: z.literal('email'), label, address }).strict(),
  ],
  { error: 'must be one of: telegram, webhook, email' },
);
export type CreateNotificationChannelBody = z.infer<typeof CreateNotificationChannelBody>;

/** Any of a channel's own fields; a field of another kind of channel is refused (400). */
export const UpdateNotificationChannelBody = z
  .object({
    label: label.optional(),
    enabled: z.boolean().optional(),
    chatId: chatId.optional(),
    botToken: botToken.optional(),
    url: webhookUrl.optional(),
    secret: webhookSecret.optional(),
    address: address.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'name at least one field to change');
export type UpdateNotificationChannelBody = z.infer<typeof UpdateNotificationChannelBody>;

export const NotificationChannelParams = z.object({ id: z.uuid('must be a UUID') }).strict();
export type NotificationChannelParams = z.infer<typeof NotificationChannelParams>;

/** All a response ever shows of a channel: never the bot token or the webhook secret. */
export const NotificationChannelView = z.object({
  id: z.uuid(),
  kind: z.enum(NotificationChannelKinds),
  label: z.string(),
  enabled: z.boolean(),
  target: z
    .record(z.string(), z.string())
    .describe('where it sends: chatId (telegram), url (webhook) or address (email)'),
  status: z
    .enum(['ok', 'failing'])
    .describe('failing: messages do not get through (see lastError); a good test clears it'),
  consecutiveFailures: z.number().int(),
  lastError: z.string().nullable(),
  lastErrorAt: z.iso.datetime().nullable(),
  lastDeliveredAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type NotificationChannelView = z.infer<typeof NotificationChannelView>;

export const NotificationChannelList = z.object({ items: z.array(NotificationChannelView) });

export const NotificationTestResult = z.object({
  delivered: z.boolean(),
  error: z.string().nullable().describe('why the test message did not get through'),
  channel: NotificationChannelView,
});
export type NotificationTestResult = z.infer<typeof NotificationTestResult>;

export const NotificationPreferencesBody = z
  .object({
    fills: z.boolean().describe('every fill (trade) of the bot'),
    errors: z.boolean().describe('an error that stopped the bot'),
    riskStops: z
      .boolean()
      .describe('a stop-loss, take-profit, trailing-stop or max-drawdown sell that filled'),
    handovers: z.boolean().describe('the bot moved to another worker (handover or failover)'),
    dailySummary: z.boolean().describe("the bot in its user's daily summary"),
  })
  .strict();
export type NotificationPreferencesBody = z.infer<typeof NotificationPreferencesBody>;
export const NotificationPreferencesView = NotificationPreferencesBody;
