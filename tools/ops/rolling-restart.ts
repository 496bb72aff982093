// Restarts services one at a time, each back and healthy before the next (docs/operations.md,
// "Rolling restart"). How a service is restarted is the caller's (a command per service in the
// CLI, child processes in the test); what "back" means is decided here.

export type TargetKind = 'gateway' | 'worker';

export interface RestartTarget {
  kind: TargetKind;
  /** What the restart command calls it (a systemd unit, a compose service, a container). */
  name: string;
  /** The service's own HTTP port, e.g. http://10.0.0.11:3000 (health probes). */
  url: string;
}

/** The cluster as /cluster shows it (admins only): what a worker step waits for. */
export interface ClusterSnapshot {
  workers: { id: string; startedAt: string; botCount: number }[];
}

export interface RollingRestartDeps {
  /** Stops the service gracefully (SIGTERM) and starts it again; resolves once started. */
  restart(target: RestartTarget): Promise<void>;
  /** GET `url`: its status, or undefined when nothing answered. */
  status(url: string): Promise<number | undefined>;
  /** /cluster now, when the caller can read it (an admin token); undefined otherwise. */
  cluster?(): Promise<ClusterSnapshot | undefined>;
  /** The balancer's own readiness URL (through nginx): checked after each gateway step. */
  viaUrl?: string;
  /**
   * After a gateway is healthy, wait this long before the next step: nginx's passive checks
   * mark a gateway that refused connections down for `fail_timeout` (5 s in
   * tools/deploy/nginx.conf); the next gateway must not go while nginx still skips this one.
   */
  gatewaySettleMs: number;
  /** How long one service may take to be back. */
  stepTimeoutMs: number;
  log(line: string): void;
}

export interface StepReport {
  target: RestartTarget;
  /** From the restart's start until healthy (and, for a worker, holding bots again). */
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(what: string, timeoutMs: number, ok: () => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

const heldBots = (cluster: ClusterSnapshot) =>
  cluster.workers.reduce((sum, worker) => sum + worker.botCount, 0);

/**
 * Gateways first (a short drain each), then workers: each restarted, then waited for. A step
 * that does not come back stops the run (the rest keep running the old build).
 */
export async function rollingRestart(
  targets: readonly RestartTarget[],
  deps: RollingRestartDeps,
): Promise<StepReport[]> {
  const ordered = [
    ...targets.filter((t) => t.kind === 'gateway'),
    ...targets.filter((t) => t.kind === 'worker'),
  ];
  const reports: StepReport[] = [];
  for (const [i, target] of ordered.entries()) {
    const before = target.kind === 'worker' ? await deps.cluster?.() : undefined;
    const started = Date.now();
    deps.log(`[${i + 1}/${ordered.length}] restarting ${target.kind} ${target.name}`);
    await deps.restart(target);
    const ready = `${target.url}/health/ready`;
    await waitUntil(
      `${target.name} to answer ${ready} with 200`,
      deps.stepTimeoutMs,
      async () => (await deps.status(ready)) === 200,
    );
    if (target.kind === 'gateway' && deps.viaUrl) {
      const via = deps.viaUrl;
      await waitUntil(
        `${via} to answer 200`,
        deps.stepTimeoutMs,
        async () => (await deps.status(via)) === 200,
      );
    }
    if (target.kind === 'worker' && before && deps.cluster) {
      const cluster = deps.cluster;
      // back = a worker registered since the restart began, as many workers as before, and
      // every bot held before held again
      await waitUntil(
        `${target.name} to register in /cluster and the bots to be held again`,
        deps.stepTimeoutMs,
        async () => {
          const now = await cluster();
          if (!now) return false;
          const fresh = now.workers.some((w) => Date.parse(w.startedAt) >= started - 1000);
          return (
            fresh &&
            now.workers.length >= before.workers.length &&
            heldBots(now) >= heldBots(before)
          );
        },
      );
    }
    const ms = Date.now() - started;
    deps.log(`[${i + 1}/${ordered.length}] ${target.name} back after ${ms} ms`);
    reports.push({ target, ms });
    if (ordered[i + 1]?.kind === 'gateway') await sleep(deps.gatewaySettleMs);
  }
  return reports;
}
