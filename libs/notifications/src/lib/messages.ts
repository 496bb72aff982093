import type { NotificationEvent } from '@platform/persistence';

/** A notification as people read it (Telegram, e-mail) and as a webhook receives it. */
export interface NotificationMessage {
  /** The event key: receivers may use it to recognise a message they already have. */
  id: string;
  type: string;
  subject: string;
  text: string;
  createdAt: string;
  data: Record<string, unknown>;
}

const str = (value: unknown) => (value === null || value === undefined ? '' : String(value));

function describe(kind: string, p: Record<string, unknown>): { subject: string; text: string } {
  const bot = `${str(p['botName'])} (${str(p['symbol'])}, ${str(p['mode'])})`;
  switch (kind) {
    case 'fill':
      return {
        subject: `Fill: ${str(p['side'])} ${str(p['amount'])} ${str(p['symbol'])}`,
        text: `${bot}: ${str(p['side'])} ${str(p['amount'])} at ${str(p['price'])} (fee ${str(p['fee'])} ${str(p['feeCurrency'])}).`,
      };
    case 'error':
      return {
        subject: `Bot stopped: ${str(p['botName'])}`,
        text: `${bot} stopped on an error: ${str(p['reason'])}. Fix it and start the bot again.`,
      };
    case 'risk_stop':
      return {
        subject: `Risk stop (${str(p['trigger'])}): ${str(p['botName'])}`,
        text: `${bot}: ${str(p['trigger'])} sold ${str(p['filled'])} at ${str(p['averagePrice'])}.`,
      };
    case 'handover':
      return {
        subject: `Bot moved: ${str(p['botName'])}`,
        text: `${bot} moved (${str(p['how'])}) from ${str(p['fromHost'])} to ${str(p['toHost'])}.`,
      };
    case 'daily_summary': {
      const bots = Array.isArray(p['bots']) ? (p['bots'] as Record<string, unknown>[]) : [];
      const lines = bots.map(
        (b) =>
          `- ${str(b['botName'])} (${str(b['symbol'])}, ${str(b['mode'])}, ${str(b['state'])}): ${str(b['trades'])} trades, volume ${str(b['volumeQuote'])}, realized P&L ${str(b['realizedPnl'])}`,
      );
      return {
        subject: `Daily summary ${str(p['day'])}`,
        text: [`Your bots on ${str(p['day'])} (UTC):`, ...lines].join('\n'),
      };
    }
    case 'test':
      return { subject: 'Test message', text: 'Test message: this channel works.' };
    default:
      return { subject: kind, text: kind };
  }
}

export function messageFor(event: NotificationEvent): NotificationMessage {
  return {
    id: event.eventKey,
    type: event.kind,
    ...describe(event.kind, event.payload),
    createdAt: event.createdAt.toISOString(),
    data: { ...event.payload, ...(event.botId ? { botId: event.botId } : {}) },
  };
}

/** The message of `POST /notification-channels/{id}/test`. */
export function testMessage(channelId: string, now = new Date()): NotificationMessage {
  return {
    id: `test:${channelId}:${now.getTime()}`,
    type: 'test',
    ...describe('test', {}),
    createdAt: now.toISOString(),
    data: {},
  };
}
