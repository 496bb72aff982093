import { performance } from 'node:perf_hooks';
import type { Lock } from '@sesamecare-oss/redlock';

/**
 * A held lease on one resource. Its validity is measured on this process's monotonic clock
 * from a reading taken *before* the acquire or renew call went out, so time spent waiting for
 * Redis (or frozen in a GC pause) counts against it, and a wall-clock jump cannot extend it.
 */
export class Lease {
  /** performance.now() after which the lease must be treated as lost. */
  validUntil: number;
  private isEnded = false;

  constructor(
    readonly resource: string,
    readonly ttlMs: number,
    /** redlock's handle (random value per acquire), replaced on each renewal; null for a
     * LeaseGroup's lease (its group renews it). */
    public lock: Lock | null,
    validUntil: number,
  ) {
    this.validUntil = validUntil;
  }

  /** True once released or found lost: the lease is gone for good. */
  get ended(): boolean {
    return this.isEnded;
  }

  /**
   * Ends the lease here, at once and for good, without asking Redis (releasing is
   * `LeaseManager.release`): from now on `isValid()` is false.
   */
  end(): void {
    this.isEnded = true;
  }

  /** Milliseconds of validity left (negative when expired). */
  remainingMs(now = performance.now()): number {
    return this.validUntil - now;
  }

  /** True while the lease is held with at least `marginMs` to spare. */
  isValid(marginMs = 0): boolean {
    return !this.isEnded && this.remainingMs() > marginMs;
  }
}
