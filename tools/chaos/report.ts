import { FAULT_KINDS, type FaultKind } from './fault-kinds';
import type { Concurrency, FailoverStats } from './history';
import type { ChaosOptions } from './options';
import { type Summary, summarizeSeconds } from './stats';

export interface FailoverEntry extends Summary {
  faults: number;
  affected: number;
  moved: number;
}

/** The one JSON line the harness prints. */
export interface ChaosReport {
  preset: string;
  fencing: 'on' | 'off';
  bots: number;
  workers: number;
  lease_ttl_ms: number;
  reconcile_interval_ms: number;
  tick_ms: number;
  tick_work_ms: number;
  seed: number;
  duration_s: number;
  faults_injected: Record<FaultKind, number>;
  stale_writes_accepted: number;
  /** The stale writes by the kind of fault they followed. */
  stale_writes_after: Record<string, number>;
  /**
   * Writes fencing refused, as far as the workers logged them: a lower bound, since a worker
   * logs a refusal only while it still holds the bot (not after its lease keeper dropped it).
   */
  stale_writes_refused_logged: number;
  max_concurrent_owners: number;
  bots_with_concurrent_owners: number;
  concurrent_owners_example: Concurrency['example'];
  orphans: number;
  failover_bound_ms: number;
  failover_s: Record<FaultKind, FailoverEntry>;
  spread: number | null;
  bots_per_worker: number[];
  /** Settles between faults that hit the cap (the next fault went on anyway). */
  settle_timeouts: number;
  /** Odd worker behaviour that is not a safety violation (exits, slow SIGTERM, ...). */
  anomalies: string[];
  violations: string[];
  ok: boolean;
}

export interface Measurements {
  durationS: number;
  faultsInjected: Record<FaultKind, number>;
  staleWritesAccepted: number;
  staleWritesAfter: Record<string, number>;
  staleWritesRefusedLogged: number;
  concurrency: Concurrency;
  orphans: number;
  failoverBoundMs: number;
  failovers: Map<FaultKind, FailoverStats>;
  spread: number | null;
  botsPerWorker: number[];
  settleTimeouts: number;
  anomalies: string[];
}

/** The safety properties; with fencing off they are expected to break and are only shown. */
export function violationsOf(
  m: Pick<Measurements, 'staleWritesAccepted' | 'concurrency' | 'orphans'>,
): string[] {
  const violations: string[] = [];
  if (m.staleWritesAccepted > 0) violations.push(`${m.staleWritesAccepted} stale writes accepted`);
  if (m.concurrency.max > 1)
    violations.push(`up to ${m.concurrency.max} owners wrote for one bot at once`);
  if (m.orphans > 0) violations.push(`${m.orphans} bots orphaned`);
  return violations;
}

export function buildReport(options: ChaosOptions, m: Measurements): ChaosReport {
  const violations = violationsOf(m);
  const failover = Object.fromEntries(
    FAULT_KINDS.map((kind) => {
      const s = m.failovers.get(kind) ?? { faults: 0, affected: 0, moved: 0, samplesMs: [] };
      return [
        kind,
        {
          faults: s.faults,
          affected: s.affected,
          moved: s.moved,
          ...summarizeSeconds(s.samplesMs),
        },
      ];
    }),
  ) as Record<FaultKind, FailoverEntry>;
  return {
    preset: options.preset,
    fencing: options.fencing ? 'on' : 'off',
    bots: options.bots,
    workers: options.workers,
    lease_ttl_ms: options.leaseTtlMs,
    reconcile_interval_ms: options.reconcileIntervalMs,
    tick_ms: options.tickMs,
    tick_work_ms: options.tickWorkMs,
    seed: options.seed,
    duration_s: Math.round(m.durationS * 10) / 10,
    faults_injected: m.faultsInjected,
    stale_writes_accepted: m.staleWritesAccepted,
    stale_writes_after: m.staleWritesAfter,
    stale_writes_refused_logged: m.staleWritesRefusedLogged,
    max_concurrent_owners: m.concurrency.max,
    bots_with_concurrent_owners: m.concurrency.bots,
    concurrent_owners_example: m.concurrency.example,
    orphans: m.orphans,
    failover_bound_ms: m.failoverBoundMs,
    failover_s: failover,
    spread: m.spread,
    bots_per_worker: m.botsPerWorker,
    settle_timeouts: m.settleTimeouts,
    anomalies: m.anomalies,
    violations,
    ok: violations.length === 0,
  };
}

/** 1 on a safety violation with fencing on; the baseline (fencing off) only reports. */
export const exitCodeOf = (report: ChaosReport): number =>
  report.fencing === 'on' && !report.ok ? 1 : 0;
