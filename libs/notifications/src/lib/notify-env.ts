import { env, type EnvValues } from '@platform/service-kit';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Where and how notifications go out; read by the api-gateway (test messages) and bot-worker. */
export const notifyEnv = {
  NOTIFY_WORKERS: env.bool({
    description:
      'bot-worker: run the notification dispatcher and queue worker in this process (every replica may)',
    default: true,
  }),
  NOTIFY_TELEGRAM_API_URL: env.url(['https:', 'http:'], {
    description: "base URL of Telegram's Bot API (tests point it at a local server)",
    default: 'https://api.telegram.org',
  }),
  NOTIFY_SMTP_HOST: env.string({
    description: 'SMTP server for e-mail notifications; empty: e-mail channels cannot send',
    default: '',
  }),
  NOTIFY_SMTP_PORT: env.port({ description: 'port of NOTIFY_SMTP_HOST', default: 587 }),
  NOTIFY_SMTP_SECURE: env.bool({
    description: 'true: TLS from the first byte (port 465); false: STARTTLS when offered',
    default: false,
  }),
  NOTIFY_SMTP_USER: env.string({ description: 'SMTP user; empty: no authentication', default: '' }),
  NOTIFY_SMTP_PASSWORD: env.string({
    description: 'SMTP password of NOTIFY_SMTP_USER',
    default: '',
    secret: true,
  }),
  NOTIFY_SMTP_FROM: env.custom(
    {
      description: 'sender address of notification e-mails, e.g. bots@example.com',
      default: 'notifications@localhost',
    },
    (raw) => {
      if (!EMAIL.test(raw)) throw new Error('must be an e-mail address');
      return raw;
    },
  ),
  NOTIFY_DISPATCH_INTERVAL_MS: env.int({
    description: 'how often the dispatcher moves new events from Postgres into the queue',
    default: 500,
    min: 20,
    max: 60000,
  }),
  NOTIFY_MAX_ATTEMPTS: env.int({
    description: 'attempts per message before it is given up (exponential backoff in between)',
    default: 8,
    min: 1,
    max: 50,
  }),
  NOTIFY_BACKOFF_MS: env.int({
    description: 'delay before the first retry; doubled for each further one',
    default: 2000,
    min: 1,
    max: 600000,
  }),
  NOTIFY_FAIL_AFTER: env.int({
    description:
      'consecutive failed attempts after which a channel is shown as failing (a 401/403/404 at once)',
    default: 5,
    min: 1,
    max: 1000,
  }),
  NOTIFY_CHANNEL_INTERVAL_MS: env.int({
    description:
      'least time between two messages to one channel, cluster-wide (Telegram: about 1 s per chat)',
    default: 1000,
    min: 0,
    max: 60000,
  }),
  NOTIFY_CONCURRENCY: env.int({
    description: 'messages one process sends at the same time',
    default: 10,
    min: 1,
    max: 500,
  }),
  NOTIFY_SEND_TIMEOUT_MS: env.int({
    description: 'how long one send (HTTP request or SMTP session) may take',
    default: 10000,
    min: 100,
    max: 120000,
  }),
  NOTIFY_DAILY_SUMMARY_AT: env.custom(
    {
      description: 'UTC time (HH:MM) of the daily summary of the previous UTC day',
      default: '00:05',
    },
    (raw) => {
      const match = HH_MM.exec(raw);
      if (!match) throw new Error('must be a UTC time HH:MM, e.g. 00:05');
      return { hour: Number(match[1]), minute: Number(match[2]) };
    },
  ),
  NOTIFY_WEBHOOK_ALLOW_PRIVATE: env.bool({
    description:
      'allow webhook URLs on loopback and private addresses (tests, a LAN); off: such URLs are refused',
    default: false,
  }),
};

export type NotifyConfig = EnvValues<typeof notifyEnv>;
