/** What the supervisor needs to know about this worker and its timing. */
export interface SupervisorSettings {
  workerId: string;
  host: string;
  pid: number;
  startedAt: string;
  capacity: number;
  tags: string[];
  leaseTtlMs: number;
  reconcileIntervalMs: number;
  tickMs: number;
  heartbeatHistory: boolean;
}

export const SUPERVISOR_SETTINGS = Symbol('SUPERVISOR_SETTINGS');

export const leaseResource = (botId: string) => `bot:${botId}`;
