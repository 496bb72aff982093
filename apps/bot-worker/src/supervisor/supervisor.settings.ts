import { LeaseNames } from '@platform/distributed-lock';

/** What the supervisor needs to know about this worker and its timing. */
export interface SupervisorSettings {
  workerId: string;
  host: string;
  pid: number;
  startedAt: string;
  capacity: number;
  tags: string[];
  leaseTtlMs: number;
  /** Independent Redis masters for the bots' leases (quorum = majority). */
  lockRedisUrls: string[];
  reconcileIntervalMs: number;
  tickMs: number;
  heartbeatHistory: boolean;
}

export const SUPERVISOR_SETTINGS = Symbol('SUPERVISOR_SETTINGS');

/** A bot's lease: `bot:<id>` (redlock key `lease:bot:<id>`). */
export const botLeases = new LeaseNames('bot');
