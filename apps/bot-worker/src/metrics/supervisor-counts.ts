import type { WorkerInfo } from '@platform/cluster';
import type { DesiredBot, NewClaim } from '@platform/persistence';
import type { HeldBotsListener } from '../supervisor/held-bots';
import type { WorkerMetrics } from './worker-metrics';

/** Claims and failovers as the claimer reports them. */
export const claimCounts =
  (metrics: WorkerMetrics) =>
  (claim: NewClaim): void => {
    metrics.claims.inc();
    if (claim.failover) {
      metrics.failovers.inc();
      metrics.unowned.observe(claim.failover.unownedSeconds);
    }
  };

// The supervisor's reasons for letting a bot go, as a few label values (never free text).
const releaseReason = (reason: string): string => {
  if (reason.startsWith('stopped')) return 'stopped';
  if (reason.startsWith('handed over')) return 'rebalance';
  if (reason.startsWith('started again')) return 'restarted';
  if (reason.startsWith('worker stopping')) return 'shutdown';
  return 'other';
};

/** Releases and lost leases of the held bots. */
export const heldBotsCounts = (metrics: WorkerMetrics): HeldBotsListener => ({
  letGo: (reason) => metrics.releases.inc({ reason: releaseReason(reason) }),
  stoppedHere: (reason) =>
    metrics.lost.inc({ cause: reason.includes('supersed') ? 'superseded' : 'lease' }),
});

/**
 * Desired bots that no live worker lists among its bots in the registry: the cluster's bots
 * without an owner, from what the pass read anyway. A claim shows in the registry at the
 * claimer's next heartbeat (a third of the lease TTL), so a bot may count here that briefly.
 */
export function withoutOwner(desired: DesiredBot[], workers: WorkerInfo[]): number {
  const owned = new Set(workers.flatMap((w) => w.botIds));
  return desired.filter((bot) => !owned.has(bot.id)).length;
}
