import { Gauge } from 'prom-client';
import type { ReadinessCheck } from '../health/readiness-check';
import { withTimeout } from '../health/with-timeout';
import type { MetricsRegistry } from './metrics-registry';

/** What node-postgres's Pool says about itself (TypeORM's driver keeps one: `driver.master`). */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export interface DependencyMetricsOptions {
  /** Each shared dependency (Postgres, Redis) as its health check: probed once per scrape. */
  probes: ReadinessCheck[];
  /** The Postgres pool, when the service has one (undefined until it is connected). */
  pool?: () => PoolCounts | undefined;
  /** How long one probe may take before it counts as down. */
  timeoutMs?: number;
}

/**
 * `platform_dependency_up{dependency}` (1/0: the probe answered within the timeout) and
 * `platform_pg_pool_connections{state}`. One probe per dependency per scrape, never per bot.
 */
export function registerDependencyMetrics(
  registry: MetricsRegistry,
  { probes, pool, timeoutMs = 1000 }: DependencyMetricsOptions,
): { close(): Promise<void> } {
  const close = async () => {
    await Promise.allSettled(probes.map((probe) => probe.close?.()));
  };
  new Gauge({
    name: 'platform_dependency_up',
    help: 'Whether this process reaches a shared dependency (1) or not (0), probed at scrape time',
    labelNames: ['dependency'],
    registers: [registry],
    async collect() {
      const results = await Promise.all(
        probes.map((probe) =>
          withTimeout(probe.check(), timeoutMs, 'timeout').then(
            () => 1,
            () => 0,
          ),
        ),
      );
      this.reset();
      probes.forEach((probe, i) =>
        this.set({ dependency: dependencyName(probe.name) }, results[i]),
      );
    },
  });
  if (!pool) return { close };
  new Gauge({
    name: 'platform_pg_pool_connections',
    help: "Postgres connections of this process's pool: total open, idle, and requests waiting for one",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = pool();
      this.set({ state: 'total' }, counts?.totalCount ?? 0);
      this.set({ state: 'idle' }, counts?.idleCount ?? 0);
      this.set({ state: 'waiting' }, counts?.waitingCount ?? 0);
    },
  });
  return { close };
}

// health calls it `database`; operators look for `postgres` next to `redis`
const dependencyName = (checkName: string) => (checkName === 'database' ? 'postgres' : checkName);
