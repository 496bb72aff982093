import { seededRandom } from './random';

export const FAULT_KINDS = ['latency', 'http5xx', 'drop', 'unknownOutcome', 'force429'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * A fault to inject into API requests (never into /admin). Kinds:
 * - latency: wait `latencyMs` before handling;
 * - http5xx: answer `status` (503) without running the request; with `execute: true` run it
 *   first and answer 503 {-1007 "execution status unknown"}, as Binance does when its backend
 *   timed out after the order may have been placed;
 * - drop: reset the connection without running the request;
 * - unknownOutcome: run the request (the order is placed) but never answer: hold the
 *   connection `holdMs`, then destroy it, so the client sees a timeout or a reset;
 * - force429: answer 429 -1003 with Retry-After `retryAfterS`, whatever the used weight.
 */
export interface FaultSpec {
  kind: FaultKind;
  /** Exact API path ('/api/v3/order'), or a prefix ending in '*'; default every API path. */
  path?: string;
  /** GET, POST, DELETE...; default any. */
  method?: string;
  /** Apply to the next `count` matching requests, then disappear; default: until removed. */
  count?: number;
  /** Chance per matching request (seeded, reproducible); default 1. */
  rate?: number;
  latencyMs?: number;
  status?: number;
  execute?: boolean;
  holdMs?: number;
  retryAfterS?: number;
}

export interface Fault extends FaultSpec {
  id: number;
  /** requests it has applied to */
  hits: number;
}

export interface FaultPlan {
  latencyMs: number;
  /** the fault that decides the answer, if any (the first matching one of those kinds) */
  terminal: Fault | undefined;
}

export const DEFAULT_HOLD_MS = 30_000;

export class Faults {
  private faults: Fault[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
  }

  add(spec: FaultSpec): Fault {
    validate(spec);
    const fault: Fault = {
      ...spec,
      method: spec.method?.toUpperCase(),
      id: this.nextId++,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
    this.random = seededRandom(this.seed);
  }

  /** Which faults apply to this request; consumes their counts. */
  plan(method: string, path: string): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0, terminal: undefined };
    for (const fault of this.faults) {
      if (!matches(fault, method, path)) continue;
      if (fault.kind !== 'latency' && plan.terminal) continue;
      if (fault.rate !== undefined && this.random() >= fault.rate) continue;
      fault.hits += 1;
      if (fault.count !== undefined) fault.count -= 1;
      if (fault.kind === 'latency') plan.latencyMs += fault.latencyMs ?? 0;
      else plan.terminal = { ...fault };
    }
    this.faults = this.faults.filter((f) => f.count === undefined || f.count > 0);
    return plan;
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method !== method) return false;
  if (fault.path === undefined) return true;
  if (fault.path.endsWith('*')) return path.startsWith(fault.path.slice(0, -1));
  return path === fault.path;
}

function validate(spec: FaultSpec): void {
  if (!FAULT_KINDS.includes(spec.kind)) {
    throw new Error(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const nonNegative = (name: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new Error(`${name} must be a number >= 0`);
    }
  };
  nonNegative('latencyMs', spec.latencyMs);
  nonNegative('holdMs', spec.holdMs);
  nonNegative('retryAfterS', spec.retryAfterS);
  if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count > 0)) {
    throw new Error('count must be a positive integer');
  }
  if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1)) {
    throw new Error('rate must be between 0 and 1');
  }
  if (
    spec.status !== undefined &&
    !(Number.isInteger(spec.status) && spec.status >= 500 && spec.status <= 599)
  ) {
    throw new Error('status must be a 5xx code');
  }
  if (spec.kind === 'latency' && spec.latencyMs === undefined)
    throw new Error('latency needs latencyMs');
}
