import { createTransport, type Transporter } from 'nodemailer';
import type { NotificationMessage } from '../messages';
import { delivered, failed, type SendOutcome } from './send-outcome';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  from: string;
  timeoutMs: number;
}

/** E-mail over SMTP (nodemailer); one transport per process. */
export class EmailSender {
  private readonly transport: Transporter | null;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = settings.host
      ? createTransport({
          host: settings.host,
          port: settings.port,
          secure: settings.secure,
          auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
          connectionTimeout: settings.timeoutMs,
          greetingTimeout: settings.timeoutMs,
          socketTimeout: settings.timeoutMs,
        })
      : null;
  }

  async send(address: string, message: NotificationMessage): Promise<SendOutcome> {
    if (!this.transport)
      return failed('e-mail is not configured on this server (NOTIFY_SMTP_HOST)', false);
    try {
      await this.transport.sendMail({
        from: this.settings.from,
        to: address,
        subject: message.subject,
        text: message.text,
        headers: { 'X-Notification-Id': message.id },
      });
      return delivered;
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx: the server refused the message for good (no such mailbox); 4xx and I/O: try again
      if (typeof code === 'number')
        return failed(`the mail server answered ${code}`, code >= 500 && code < 600);
      const reason = (error as { code?: string }).code ?? 'connection failed';
      return failed(`could not reach the mail server (${reason})`, false);
    }
  }

  close(): void {
    this.transport?.close();
  }
}
