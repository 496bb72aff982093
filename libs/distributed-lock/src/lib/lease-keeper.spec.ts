import { performance } from 'node:perf_hooks';
import { Lease } from './lease';
import { LeaseKeeper } from './lease-keeper';
import type { LeaseManager } from './lease-manager';

const leaseOn = (resource: string) =>
  new Lease(resource, 3000, {} as Lease['lock'], performance.now() + 3000);

describe('LeaseKeeper.drop', () => {
  const lost: string[] = [];
  const keeper = new LeaseKeeper({} as LeaseManager, (resource) => lost.push(resource), {
    safetyMarginMs: 100,
  });

  it('ends the lease at once and stops keeping it, without reporting it lost', () => {
    const lease = leaseOn('bot:a');
    keeper.add(lease);
    keeper.drop(lease);
    expect(lease.isValid()).toBe(false);
    expect(lease.ended).toBe(true);
    expect(keeper.get('bot:a')).toBeUndefined();
    keeper.check();
    expect(lost).toEqual([]);
  });

  it('leaves a newer lease on the same resource alone', () => {
    const old = leaseOn('bot:b');
    const newer = leaseOn('bot:b');
    keeper.add(newer);
    keeper.drop(old);
    expect(old.ended).toBe(true);
    expect(keeper.get('bot:b')).toBe(newer);
    expect(newer.isValid()).toBe(true);
  });
});
