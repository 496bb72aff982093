import { randomUUID } from 'node:crypto';
import { createRedis } from '@platform/redis';
import { TestRedisServer, waitFor } from '@platform/testing';
import { LeaseKeeper } from './lease-keeper';
import { LeaseLostError } from './lease.errors';
import { LeaseManager } from './lease-manager';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// TTLs that must not run out by accident are long enough for a CI machine running other suites
// on both cores (event-loop stalls of a few hundred ms); expiry is awaited, never raced.

describe('LeaseManager against real Redis', () => {
  let redis: TestRedisServer;
  const managers: LeaseManager[] = [];
  const manager = async (urls: string[] = [redis.url]) => {
    const m = new LeaseManager({ redisUrls: urls });
    managers.push(m);
    await m.ready(1000).catch(() => undefined);
    return m;
  };

  beforeAll(async () => {
    redis = await TestRedisServer.start();
  });

  afterAll(async () => {
    await Promise.all(managers.map((m) => m.close()));
    await redis.stop();
  });

  it('under contention among 20 clients exactly one holds the lease', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => manager()));
    const resource = `bot:${randomUUID()}`;
    const leases = await Promise.all(clients.map((c) => c.tryAcquire(resource, 5000)));
    expect(leases.filter(Boolean)).toHaveLength(1);
  });

  it('a lease expires after its TTL and can then be taken by another client', async () => {
    const [a, b] = [await manager(), await manager()];
    const resource = `bot:${randomUUID()}`;
    const lease = await a.tryAcquire(resource, 1000);
    expect(lease?.isValid()).toBe(true);
    expect(await b.tryAcquire(resource, 1000)).toBeNull();
    await sleep(1050);
    expect(lease?.isValid()).toBe(false); // our own clock says so, without asking Redis
    expect(await b.tryAcquire(resource, 1000)).not.toBeNull();
  });

  it('the validity deadline is counted from before the call, minus drift', async () => {
    const m = await manager();
    const before = performance.now();
    const lease = await m.tryAcquire(`bot:${randomUUID()}`, 10000);
    const after = performance.now();
    // started somewhere in [before, after], 1% drift + 2 ms subtracted
    expect(lease!.validUntil).toBeGreaterThanOrEqual(before + 10000 - 102);
    expect(lease!.validUntil).toBeLessThanOrEqual(after + 10000 - 102);
  });

  it('renewal keeps a lease past its first TTL; a lost lease cannot be renewed', async () => {
    const [a, b] = [await manager(), await manager()];
    const resource = `bot:${randomUUID()}`;
    const lease = (await a.tryAcquire(resource, 1500))!;
    for (let i = 0; i < 4; i++) {
      await sleep(500);
      await a.renew(lease);
    }
    expect(await b.tryAcquire(resource, 1500)).toBeNull(); // still held after 2 s > TTL

    // let it expire; b takes it
    await waitFor('b takes it', async () => (await b.tryAcquire(resource, 5000)) !== null, {
      timeoutMs: 3000,
    });
    await expect(a.renew(lease)).rejects.toBeInstanceOf(LeaseLostError);
    expect(lease.ended).toBe(true);
  });

  it("releasing a lease that is not ours any more is refused and leaves the owner's lease alone", async () => {
    const [a, b] = [await manager(), await manager()];
    const resource = `bot:${randomUUID()}`;
    const stale = (await a.tryAcquire(resource, 200))!;
    await sleep(250);
    const current = (await b.tryAcquire(resource, 5000))!;
    expect(await a.release(stale)).toBe(false);
    expect(await a.tryAcquire(resource, 1000)).toBeNull(); // b still holds it
    expect(await b.release(current)).toBe(true);
    expect(await a.tryAcquire(resource, 1000)).not.toBeNull();
  });

  it('after a Redis restart that lost every key, renewal reports the lease lost at once', async () => {
    const own = await TestRedisServer.start();
    try {
      const m = await manager([own.url]);
      const lease = (await m.tryAcquire(`bot:${randomUUID()}`, 10000))!;
      await own.stop();
      await own.start();
      await waitFor('lock client reconnected', () => m.ready(200).then(() => true));
      await expect(m.renew(lease)).rejects.toThrow('taken over or expired');
      expect(lease.ended).toBe(true);
    } finally {
      await own.stop();
    }
  });

  describe('with three independent Redis masters', () => {
    let masters: TestRedisServer[];

    beforeAll(async () => {
      masters = await Promise.all([
        TestRedisServer.start(),
        TestRedisServer.start(),
        TestRedisServer.start(),
      ]);
    });

    afterAll(async () => {
      await Promise.all(masters.map((m) => m.stop()));
    });

    it('works with one master down (quorum 2 of 3) and still allows one holder only', async () => {
      const urls = masters.map((m) => m.url);
      const [a, b] = [await manager(urls), await manager(urls)];
      await masters[2].stop();
      const resource = `bot:${randomUUID()}`;
      const lease = await a.tryAcquire(resource, 5000);
      expect(lease).not.toBeNull();
      expect(await b.tryAcquire(resource, 5000)).toBeNull();
      await a.renew(lease!);
      expect(lease!.isValid()).toBe(true);
    });

    it('refuses to grant a lease when two of three masters are down', async () => {
      const urls = masters.map((m) => m.url);
      const a = await manager(urls);
      await masters[1].stop(); // [2] is still down from the test above
      expect(await a.tryAcquire(`bot:${randomUUID()}`, 5000)).toBeNull();
      await Promise.all([masters[1].start(), masters[2].start()]);
    });
  });

  describe('LeaseKeeper', () => {
    it('keeps leases alive and signals a takeover at once', async () => {
      const [a, b] = [await manager(), await manager()];
      const lost: string[] = [];
      const keeper = new LeaseKeeper(a, (resource) => lost.push(resource), {
        safetyMarginMs: 300,
        checkEveryMs: 20,
      });
      keeper.start();
      try {
        const kept = (await a.tryAcquire(`bot:${randomUUID()}`, 1500))!;
        keeper.add(kept);
        await sleep(3200); // more than two TTLs
        expect(keeper.get(kept.resource)).toBe(kept);
        expect(await b.tryAcquire(kept.resource, 1500)).toBeNull();

        // Someone deletes the key behind our back (as a Redis restart would): lost on the next renewal.
        const admin = createRedis(redis.url, 'command');
        await admin.del(a.key(kept.resource));
        admin.disconnect();
        await waitFor('loss signalled', () => lost.includes(kept.resource), { timeoutMs: 2000 });
        expect(keeper.size).toBe(0);
      } finally {
        keeper.stop();
      }
    });

    it('declares a lease lost before its deadline when Redis does not answer renewals', async () => {
      const own = await TestRedisServer.start();
      try {
        const m = await manager([own.url]);
        const lostAt: number[] = [];
        const keeper = new LeaseKeeper(m, () => lostAt.push(performance.now()), {
          safetyMarginMs: 300,
          checkEveryMs: 10,
        });
        keeper.start();
        const lease = (await m.tryAcquire(`bot:${randomUUID()}`, 1500))!;
        keeper.add(lease);
        await own.stop();
        await waitFor('loss signalled', () => lostAt.length === 1, { timeoutMs: 3000 });
        expect(lostAt[0]).toBeLessThan(lease.validUntil); // stopped before the lease could expire
        keeper.stop();
      } finally {
        await own.stop();
      }
    });
  });
});
