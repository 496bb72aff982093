import { Injectable } from '@nestjs/common';
import { MetricsRegistry, ServiceIdentity } from '@platform/service-kit';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { EngineObserver } from '../engine/engine-stats';

/** What the supervisor knows after its last pass, read at scrape time (no query per scrape). */
export interface SupervisorView {
  held: number;
  /** Desired-running bots this worker may run whose lease nobody held, at its last pass. */
  withoutOwner: number;
  desiredRunning: number;
  workersAlive: number;
}

/**
 * A bot-worker's metrics: the bots it holds, claims, releases, failovers (and how long a bot
 * was without an owner), lease renewals, evaluations and orders. Labels are the worker id,
 * exchange, status and reason classes only: never a bot, user or account.
 */
@Injectable()
export class WorkerMetrics implements EngineObserver {
  readonly claims: Counter;
  readonly releases: Counter<'reason'>;
  readonly lost: Counter<'cause'>;
  readonly failovers: Counter;
  readonly unowned: Histogram;
  readonly renewals: Histogram;
  readonly renewalFailures: Counter;
  private readonly evaluations: Counter;
  private readonly orders: Counter<'exchange' | 'status'>;
  private view: () => SupervisorView = () => ({
    held: 0,
    withoutOwner: 0,
    desiredRunning: 0,
    workersAlive: 0,
  });

  constructor(registry: MetricsRegistry, identity: ServiceIdentity) {
    const registers = [registry];
    const worker = { worker: identity.instanceId };
    const readGauge = (name: string, help: string, read: (v: SupervisorView) => number) => {
      const view = () => this.view();
      new Gauge({
        name,
        help,
        labelNames: ['worker'],
        registers,
        collect() {
          this.set(worker, read(view()));
        },
      });
    };
    readGauge(
      'platform_worker_bots_held',
      'Bots this worker runs now (holds the lease of)',
      (v) => v.held,
    );
    readGauge(
      'platform_bots_without_owner',
      "Desired-running bots this worker could run that no live worker listed as its own at this worker's last pass (a claim is listed at the claimer's next heartbeat)",
      (v) => v.withoutOwner,
    );
    readGauge(
      'platform_bots_desired_running',
      'Bots whose desired state is running, as of the last pass',
      (v) => v.desiredRunning,
    );
    readGauge(
      'platform_workers_alive',
      'Bot-workers with a live lease session, as this worker saw at its last pass',
      (v) => v.workersAlive,
    );
    this.claims = new Counter({
      name: 'platform_bot_claims_total',
      help: 'Bots this worker claimed (lease taken and a new fencing token issued)',
      registers,
    });
    this.releases = new Counter({
      name: 'platform_bot_releases_total',
      help: 'Bots this worker let go, by reason (stopped, rebalance, restarted, shutdown)',
      labelNames: ['reason'],
      registers,
    });
    this.lost = new Counter({
      name: 'platform_bot_leases_lost_total',
      help: 'Bots this worker stopped at once because their lease was lost or their claim superseded',
      labelNames: ['cause'],
      registers,
    });
    this.failovers = new Counter({
      name: 'platform_bot_failovers_total',
      help: 'Claims of a bot whose previous owner never released it (that owner died or was cut off)',
      registers,
    });
    this.unowned = new Histogram({
      name: 'platform_bot_unowned_seconds',
      help: "On a failover: how long the bot had no owner, from its previous owner's last alive mark",
      buckets: [0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60, 120, 300],
      registers,
    });
    this.renewals = new Histogram({
      name: 'platform_lease_renewal_seconds',
      help: "Round trip of one renewal of all this worker's leases (one call for all of them)",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.renewalFailures = new Counter({
      name: 'platform_lease_renewal_failures_total',
      help: 'Lease renewals that did not renew the session (too few Redis masters answered, or it expired)',
      registers,
    });
    this.evaluations = new Counter({
      name: 'platform_bot_evaluations_total',
      help: 'Strategy evaluations (ticks) of the bots this worker runs',
      registers,
    });
    this.orders = new Counter({
      name: 'platform_orders_total',
      help: 'Orders sent to an exchange by exchange and status (as the exchange answered; rejected: refused or not sent; unknown: fate unknown)',
      labelNames: ['exchange', 'status'],
      registers,
    });
  }

  /** The supervisor's live figures, read at each scrape. */
  readFrom(view: () => SupervisorView): void {
    this.view = view;
  }

  renewed(renewed: boolean, seconds: number): void {
    this.renewals.observe(seconds);
    if (!renewed) this.renewalFailures.inc();
  }

  evaluated(): void {
    this.evaluations.inc();
  }

  ordered(exchange: string, status: string): void {
    this.orders.inc({ exchange, status });
  }
}
