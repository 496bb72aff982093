/** Every fault the harness injects, one at a time, into a live cluster. */
export const FAULT_KINDS = [
  'kill_9',
  'stop_0.5x',
  'stop_1.1x',
  'stop_2x',
  'stop_5x',
  'sigterm',
  'redis_restart',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** SIGSTOP kinds and how long (in lease TTLs) the worker stays frozen before SIGCONT. */
export const STOP_FACTORS = {
  'stop_0.5x': 0.5,
  'stop_1.1x': 1.1,
  stop_2x: 2,
  stop_5x: 5,
} as const;

export type StopKind = keyof typeof STOP_FACTORS;

export const isStopKind = (kind: FaultKind): kind is StopKind => kind in STOP_FACTORS;

/** How many faults of each kind one round holds. */
export type FaultMix = Record<FaultKind, number>;

export const zeroCounts = (): Record<FaultKind, number> =>
  Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
