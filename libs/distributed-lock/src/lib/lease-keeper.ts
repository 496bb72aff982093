import { performance } from 'node:perf_hooks';
import type { Lease } from './lease';
import { LeaseLostError } from './lease.errors';
import type { LeaseManager } from './lease-manager';

export interface LeaseKeeperOptions {
  /** Renew this long after the last successful renewal; default a third of the TTL. */
  renewAfterMs?: (lease: Lease) => number;
  /** Declare a lease lost this long before its deadline if it was not renewed. */
  safetyMarginMs: number;
  /** How often deadlines are checked. */
  checkEveryMs?: number;
}

const RETRY_DELAY_MS = 200;

/** Stop acting this long before a lease's deadline: a fifth of the TTL, at most 500 ms. */
export const defaultSafetyMarginMs = (leaseTtlMs: number) =>
  Math.min(500, Math.floor(leaseTtlMs / 5));

export type LeaseLostHandler = (resource: string, reason: string) => void;

/**
 * Keeps a set of leases alive: renews each about every third of its TTL and, the moment one
 * is taken over or is about to run out without a renewal, drops it and calls `onLost` (which
 * must stop the work it protected). Losing a lease never waits for Redis to answer.
 */
export class LeaseKeeper {
  private readonly leases = new Map<string, Lease>();
  private readonly renewing = new Set<string>();
  private readonly lastRenewal = new Map<string, number>();
  /** After a renewal that Redis did not answer, wait this long before the next attempt. */
  private readonly retryAt = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly manager: LeaseManager,
    private readonly onLost: LeaseLostHandler,
    private readonly options: LeaseKeeperOptions,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.check(), this.options.checkEveryMs ?? 100);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  add(lease: Lease): void {
    this.leases.set(lease.resource, lease);
    this.lastRenewal.set(lease.resource, performance.now());
  }

  /**
   * Stops keeping the lease and ends it here at once, without asking Redis: the work it
   * protected is stopping now (its claim was superseded). The key expires by its TTL.
   */
  drop(lease: Lease): void {
    lease.end();
    if (this.leases.get(lease.resource) === lease) this.remove(lease.resource);
  }

  /** Stops keeping the lease (does not release it). */
  remove(resource: string): Lease | undefined {
    const lease = this.leases.get(resource);
    this.leases.delete(resource);
    this.lastRenewal.delete(resource);
    this.retryAt.delete(resource);
    return lease;
  }

  get(resource: string): Lease | undefined {
    return this.leases.get(resource);
  }

  get size(): number {
    return this.leases.size;
  }

  resources(): string[] {
    return [...this.leases.keys()];
  }

  /** One pass: drop leases about to expire, renew the ones that are due. */
  check(): void {
    const now = performance.now();
    for (const [resource, lease] of this.leases) {
      if (!lease.isValid(this.options.safetyMarginMs)) {
        this.lose(resource, lease.ended ? 'lease ended' : 'not renewed in time');
        continue;
      }
      const due =
        (this.lastRenewal.get(resource) ?? 0) +
        (this.options.renewAfterMs?.(lease) ?? lease.ttlMs / 3);
      if (now >= due && now >= (this.retryAt.get(resource) ?? 0) && !this.renewing.has(resource)) {
        void this.renew(resource, lease);
      }
    }
  }

  private async renew(resource: string, lease: Lease): Promise<void> {
    this.renewing.add(resource);
    const attempted = performance.now();
    try {
      await this.manager.renew(lease);
      if (this.leases.get(resource) === lease) this.lastRenewal.set(resource, attempted);
    } catch (error) {
      if (this.leases.get(resource) !== lease) return;
      if (lease.ended) {
        this.lose(resource, error instanceof LeaseLostError ? error.message : String(error));
      } else {
        // Redis did not answer: retry a little later, until the deadline decides
        this.retryAt.set(resource, performance.now() + RETRY_DELAY_MS);
      }
    } finally {
      this.renewing.delete(resource);
    }
  }

  private lose(resource: string, reason: string): void {
    this.remove(resource)?.end();
    this.onLost(resource, reason);
  }
}
