import { PresenceRegistry } from './presence-registry';
import type { WorkerInfo } from './worker-info';

/**
 * How often a worker rewrites its entry to stay listed: a third of the entry's TTL (two missed
 * heartbeats are survived), and at most a second apart so the list stays fresh.
 */
export const heartbeatIntervalMs = (ttlMs: number) => Math.min(1000, Math.floor(ttlMs / 3));

/** Live bot-workers (`cluster:worker:<id>`), as {@link PresenceRegistry} keeps them. */
export class WorkerRegistry extends PresenceRegistry<WorkerInfo> {
  constructor(redisUrl: string) {
    super(redisUrl, 'worker', (info) => info.id);
  }
}
