import { performance } from 'node:perf_hooks';
import { ExecutionError, type Lock, Redlock, ResourceLockedError } from '@sesamecare-oss/redlock';
import { closeRedis, createRedis, type RedisClient } from '@platform/redis';
import { Lease } from './lease';
import { LeaseLostError, LeaseUnavailableError } from './lease.errors';

export interface LeaseManagerOptions {
  /** One URL (a single Redis) or several independent masters (quorum = majority). */
  redisUrls: string[];
  /** Share of the TTL subtracted for clock drift between this host and Redis (redlock's rule). */
  driftFactor?: number;
  /** Key prefix for every resource. */
  prefix?: string;
}

function lockOf(lease: Lease): Lock {
  if (!lease.lock)
    throw new Error(`${lease.resource} is a LeaseGroup's lease, not a LeaseManager's`);
  return lease.lock;
}

// @sesamecare-oss/redlock (maintained fork of redlock v5): it times each attempt from its own
// start (upstream bug #169) and refuses to extend an expired lock (#296 family). We still
// compute validity ourselves from a monotonic reading taken before each call.
export class LeaseManager {
  private readonly clients: RedisClient[];
  private readonly redlock: Redlock;
  private readonly driftFactor: number;
  private readonly prefix: string;

  constructor(options: LeaseManagerOptions) {
    if (options.redisUrls.length === 0)
      throw new Error('LeaseManager needs at least one Redis URL');
    this.driftFactor = options.driftFactor ?? 0.01;
    this.prefix = options.prefix ?? 'lease:';
    // failFast (no offline queue): a master that is down votes "against" at once instead of
    // holding the call until it returns; the others can still form a quorum.
    this.clients = options.redisUrls.map((url) => createRedis(url, 'failFast'));
    this.redlock = new Redlock(this.clients, {
      driftFactor: this.driftFactor,
      retryCount: 0,
      retryJitter: 50,
    });
    this.redlock.on('error', () => undefined); // one event per refused vote: expected under contention
  }

  /** Resolves once every Redis connection is ready (or rejects after `timeoutMs`). */
  async ready(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.clients.some((c) => c.status !== 'ready')) {
      if (Date.now() > deadline) throw new Error('lock Redis not ready');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  key(resource: string): string {
    return this.prefix + resource;
  }

  /**
   * The resources nobody seems to hold, in one round trip to the first master. A hint that
   * saves acquire attempts on held leases; `tryAcquire` still decides. If that master does not
   * answer, every resource is returned.
   */
  async unheld(resources: string[]): Promise<string[]> {
    if (resources.length === 0) return [];
    try {
      const pipeline = this.clients[0].pipeline();
      for (const resource of resources) pipeline.exists(this.key(resource));
      const results = (await pipeline.exec()) ?? [];
      return resources.filter((_, i) => results[i]?.[1] === 0);
    } catch {
      return resources;
    }
  }

  /** Takes the lease if nobody holds it; otherwise null (no waiting). */
  async tryAcquire(resource: string, ttlMs: number): Promise<Lease | null> {
    const started = performance.now();
    try {
      const lock = await this.redlock.acquire([this.key(resource)], ttlMs, { retryCount: 0 });
      return new Lease(resource, ttlMs, lock, started + ttlMs - this.drift(ttlMs));
    } catch (error) {
      if (error instanceof ExecutionError) return null;
      throw error;
    }
  }

  /** Like tryAcquire, but retries `retries` times `retryDelayMs` apart, then throws. */
  async acquire(
    resource: string,
    ttlMs: number,
    { retries = 10, retryDelayMs = 100 } = {},
  ): Promise<Lease> {
    for (let attempt = 0; ; attempt++) {
      const lease = await this.tryAcquire(resource, ttlMs);
      if (lease) return lease;
      if (attempt >= retries) throw new LeaseUnavailableError(resource);
      await new Promise((r) => setTimeout(r, retryDelayMs));
    }
  }

  /** Extends the lease by its TTL from now; throws LeaseLostError if it is no longer ours. */
  async renew(lease: Lease): Promise<Lease> {
    if (!lease.isValid()) {
      lease.end();
      throw new LeaseLostError(lease.resource, 'expired before renewal');
    }
    const started = performance.now();
    try {
      lease.lock = await this.redlock.extend(lockOf(lease), lease.ttlMs, { retryCount: 0 });
      lease.validUntil = started + lease.ttlMs - this.drift(lease.ttlMs);
      return lease;
    } catch (error) {
      if (!(error instanceof ExecutionError)) throw error;
      // A majority saying "not your value" (taken over, or the key vanished with a Redis
      // restart) ends the lease now. Anything else (masters unreachable) leaves it valid until
      // its old deadline, and the caller may try again before then.
      if ((await this.lockedVotes(error)) >= this.quorum || !lease.isValid()) {
        lease.end();
        throw new LeaseLostError(lease.resource, 'taken over or expired in Redis');
      }
      throw new LeaseLostError(lease.resource, 'no quorum of Redis masters answered the renewal');
    }
  }

  /** Gives the lease back; false when it was not ours any more (nothing was deleted). */
  async release(lease: Lease): Promise<boolean> {
    lease.end();
    try {
      await this.redlock.release(lockOf(lease), { retryCount: 0 });
      return true;
    } catch (error) {
      if (error instanceof ExecutionError) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map(closeRedis));
  }

  private get quorum(): number {
    return Math.floor(this.clients.length / 2) + 1;
  }

  private async lockedVotes(error: ExecutionError): Promise<number> {
    const stats = await error.attempts[error.attempts.length - 1];
    return [...(stats?.votesAgainst.values() ?? [])].filter((e) => e instanceof ResourceLockedError)
      .length;
  }

  private drift(ttlMs: number): number {
    // Redis expiry precision is 1 ms; redlock adds 2.
    return Math.round(this.driftFactor * ttlMs) + 2;
  }
}
