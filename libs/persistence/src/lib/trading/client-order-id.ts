import { createHash } from 'node:crypto';

/**
 * The client order id of a bot's n-th order: deterministic (the same intent always gets the
 * same id, so a lookup after a lost answer finds it), unique across bots (a hash of the bot's
 * id), and within Binance's `^[.A-Z:/a-z0-9_-]{1,36}$`.
 */
export function clientOrderIdFor(botId: string, sequence: string | number): string {
  const bot = createHash('sha256').update(botId).digest('hex').slice(0, 20);
  return `tb${bot}-${sequence}`;
}
