import type { KeyRing } from '@platform/exchange';
import type { DeliverableChannel } from '@platform/persistence';
import { openChannelSecret } from '../channel-secrets';
import type { NotificationMessage } from '../messages';
import type { NotifyConfig } from '../notify-env';
import { EmailSender } from './email-sender';
import { failed, type SendOutcome } from './send-outcome';
import { sendTelegram } from './telegram-sender';
import { sendWebhook } from './webhook-sender';

/** Sends a message on any kind of channel: opens its secret, picks the sender. */
export class ChannelSender {
  private readonly email: EmailSender;

  constructor(
    private readonly config: NotifyConfig,
    private readonly keyRing: KeyRing | null,
  ) {
    this.email = new EmailSender({
      host: config.NOTIFY_SMTP_HOST,
      port: config.NOTIFY_SMTP_PORT,
      secure: config.NOTIFY_SMTP_SECURE,
      user: config.NOTIFY_SMTP_USER,
      password: config.NOTIFY_SMTP_PASSWORD,
      from: config.NOTIFY_SMTP_FROM,
      timeoutMs: config.NOTIFY_SEND_TIMEOUT_MS,
    });
  }

  async send(channel: DeliverableChannel, message: NotificationMessage): Promise<SendOutcome> {
    const timeoutMs = this.config.NOTIFY_SEND_TIMEOUT_MS;
    if (channel.kind === 'email') return this.email.send(channel.target['address'], message);
    const secret = this.secretOf(channel);
    if (secret === null)
      return failed('the secret of this channel cannot be opened (ENCRYPTION_KEYS)', false);
    if (channel.kind === 'telegram')
      return sendTelegram(
        this.config.NOTIFY_TELEGRAM_API_URL,
        secret,
        channel.target['chatId'],
        message,
        timeoutMs,
      );
    return sendWebhook(channel.target['url'], secret, message, timeoutMs);
  }

  close(): void {
    this.email.close();
  }

  private secretOf(channel: DeliverableChannel): string | null {
    if (!this.keyRing || !channel.secret) return null;
    try {
      return openChannelSecret(this.keyRing, channel.id, channel.secret);
    } catch {
      return null;
    }
  }
}
