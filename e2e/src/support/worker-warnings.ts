import type { AuditBot } from './audit-bots';
import type { RunningService } from './cluster';

const MOST = 16;

/**
 * The bot-workers' distinct WARN messages, bot ids replaced by the bots' labels: a bot's own
 * failures (a record refused by the database shows there) first, then the supervisor's notes
 * on leases, which a loaded machine produces anyway.
 */
export function workerWarnings(services: RunningService[], bots: AuditBot[]): string[] {
  const messages = services
    .filter((s) => s.process.service === 'bot-worker')
    .flatMap((s) => s.process.output.split('\n'))
    .map((line) => /\bWARN\s+(.*)$/.exec(line)?.[1])
    .filter((message): message is string => message !== undefined)
    .map((message) => bots.reduce((text, b) => text.replaceAll(b.botId, b.label), message));
  const distinct = [...new Set(messages)];
  const supervisor = (m: string) => m.startsWith('[SupervisorService]');
  return [...distinct.filter((m) => !supervisor(m)), ...distinct.filter(supervisor)].slice(0, MOST);
}
