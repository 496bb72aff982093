import type { WorkerRegistry } from '@platform/cluster';
import { readBudgets, WEIGHT_BUDGET } from '@platform/exchange';
import type { RedisClient } from '@platform/redis';
import type { MetricsRegistry } from '@platform/service-kit';
import { Gauge } from 'prom-client';

/** The weight budget every spender uses for an exchange EXCHANGE_WEIGHT_BUDGETS does not name. */
const DEFAULT_WEIGHT_LIMIT = 600;

/**
 * Cluster-wide figures every gateway can read cheaply at scrape time: the bot-workers in the
 * registry (one Redis read; it outlives every worker, so a dead fleet shows as 0 here) and each
 * exchange's weight budget this minute (one Redis script for all exchanges).
 */
export function registerClusterGauges(
  registry: MetricsRegistry,
  workers: WorkerRegistry,
  redis: RedisClient,
  exchangeIds: string[],
  limits: { exchangeId: string; weight: number }[],
): void {
  const registers = [registry];
  new Gauge({
    name: 'platform_cluster_workers',
    help: 'Bot-workers listed in the cluster registry (their entry expires a lease TTL after their last heartbeat)',
    registers,
    async collect() {
      this.set((await workers.list()).length);
    },
  });
  const limitOf = (exchange: string) =>
    limits.find((l) => l.exchangeId === exchange)?.weight ?? DEFAULT_WEIGHT_LIMIT;
  // the gauges below collect concurrently: one read serves the whole scrape
  let last: { at: number; readings: ReturnType<typeof readBudgets> } | undefined;
  const once = () => {
    if (!last || Date.now() - last.at > 1000)
      last = { at: Date.now(), readings: readBudgets(redis, WEIGHT_BUDGET, exchangeIds) };
    return last.readings;
  };
  new Gauge({
    name: 'platform_exchange_weight_used',
    help: "Request weight the whole cluster spent in the exchange's current one-minute window",
    labelNames: ['exchange'],
    registers,
    async collect() {
      for (const { scope, used } of await once()) this.set({ exchange: scope }, used);
    },
  });
  new Gauge({
    name: 'platform_exchange_weight_limit',
    help: "The cluster's request weight budget per minute for the exchange (EXCHANGE_WEIGHT_BUDGETS)",
    labelNames: ['exchange'],
    registers,
    collect() {
      for (const exchange of exchangeIds) this.set({ exchange }, limitOf(exchange));
    },
  });
  new Gauge({
    name: 'platform_exchange_paused_seconds',
    help: 'How long the exchange stays paused for every spender after a 429 or 418 (0: not paused)',
    labelNames: ['exchange'],
    registers,
    async collect() {
      for (const { scope, pausedForMs } of await once())
        this.set({ exchange: scope }, pausedForMs / 1000);
    },
  });
}
