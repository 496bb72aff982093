/**
 * The bot-workers' default timings: their env's defaults (LEASE_TTL_MS, RECONCILE_INTERVAL_MS,
 * BOT_TICK_INTERVAL_MS), and what the chaos harness's `defaults` preset runs on. A bot of a
 * dead worker runs elsewhere about one lease TTL after the death; renewals are one call per
 * worker (docs/architecture.md rule 2), so a short TTL costs nothing per bot.
 */
export const WORKER_DEFAULT_TIMINGS = {
  leaseTtlMs: 1200,
  reconcileIntervalMs: 1000,
  tickMs: 1000,
} as const;
