// Notifications for clients (issue 15): outbox -> BullMQ queue -> Telegram, webhook, e-mail.
export * from './lib/notify-env';
export * from './lib/messages';
export * from './lib/channel-secrets';
export * from './lib/channels/send-outcome';
export * from './lib/channels/webhook-signature';
export * from './lib/channels/webhook-sender';
export * from './lib/channels/telegram-sender';
export * from './lib/channels/email-sender';
export * from './lib/channels/channel-sender';
export * from './lib/queue/notification-queue';
export * from './lib/queue/channel-rate-limit';
export * from './lib/queue/delivery-processor';
export * from './lib/queue/outbox-dispatcher';
export * from './lib/queue/notification-workers';
export * from './lib/notifications.module';
