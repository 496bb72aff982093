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
  tickWorkMs: number;
}

export const SUPERVISOR_SETTINGS = Symbol('SUPERVISOR_SETTINGS');

/** Stop acting this long before a lease's deadline: a fifth of the TTL, at most 500 ms. */
export const safetyMarginMs = (leaseTtlMs: number) => Math.min(500, Math.floor(leaseTtlMs / 5));

export const leaseResource = (botId: string) => `bot:${botId}`;
