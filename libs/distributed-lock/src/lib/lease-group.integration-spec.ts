import { randomUUID } from 'node:crypto';
import { createRedis, type RedisClient } from '@platform/redis';
import { TestRedisServer, waitFor } from '@platform/testing';
import type { Lease } from './lease';
import { LeaseGroup, type LeaseGroupOptions } from './lease-group';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Long enough that a CI machine running other suites on both cores (event-loop stalls of a few
// hundred ms) never loses a lease by accident; expiry is awaited, never slept for.
const TTL_MS = 1500;

describe('LeaseGroup against real Redis', () => {
  let redis: TestRedisServer;
  let admin: RedisClient;
  const groups: LeaseGroup[] = [];
  const lostBy = new Map<LeaseGroup, string[]>();

  async function group(options: Partial<LeaseGroupOptions> = {}): Promise<LeaseGroup> {
    const lost: string[] = [];
    const g = new LeaseGroup({
      redisUrls: [redis.url],
      ttlMs: TTL_MS,
      safetyMarginMs: 300,
      checkEveryMs: 10,
      onLost: (resource) => lost.push(resource),
      ...options,
    });
    groups.push(g);
    lostBy.set(g, lost);
    await g.ready(2000).catch(() => undefined);
    await g.start();
    return g;
  }
  const lost = (g: LeaseGroup) => lostBy.get(g) ?? [];
  const bots = (n: number) => Array.from({ length: n }, () => `bot:${randomUUID()}`);

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    admin = createRedis(redis.url, 'command');
  });

  afterEach(async () => {
    await Promise.all(groups.splice(0).map((g) => g.close()));
  });

  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
  });

  it('under contention among 10 processes each resource has exactly one holder', async () => {
    const contenders = await Promise.all(Array.from({ length: 10 }, () => group()));
    for (const resource of bots(20)) {
      const leases = await Promise.all(contenders.map((g) => g.tryAcquire(resource)));
      expect(leases.filter(Boolean)).toHaveLength(1);
    }
  });

  it('keeps a thousand leases for several TTLs with a few commands per renewal, whatever their number', async () => {
    const own = await TestRedisServer.start();
    try {
      const g = await group({ redisUrls: [own.url] });
      const resources = bots(1000);
      for (const resource of resources) expect(await g.tryAcquire(resource)).not.toBeNull();
      const stats = createRedis(own.url, 'command');
      await stats.config('RESETSTAT');
      await sleep(3 * TTL_MS); // three TTLs: ~9 renewals
      const info = await stats.info('commandstats');
      stats.disconnect();
      const calls = (command: string) =>
        Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
      const failed = (command: string) =>
        Number(new RegExp(`cmdstat_${command}:.*failed_calls=(\\d+)`).exec(info)?.[1] ?? 0);
      // a renewal script not yet loaded on this server is an EVALSHA answered NOSCRIPT, then an
      // EVAL: one renewal (the first renewal after the claims can fall either side of RESETSTAT)
      const renewals = calls('evalsha') - failed('evalsha') + calls('eval');
      const total = [...info.matchAll(/calls=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(renewals).toBeGreaterThanOrEqual(5);
      // each renewal: the script, one PEXPIRE of the session and one MGET of the 1,000 members
      expect(calls('mget')).toBe(renewals);
      expect(total - calls('config') - failed('evalsha')).toBeLessThanOrEqual(3 * renewals + 2);
      expect(g.size).toBe(1000);
      expect(lost(g)).toEqual([]);

      const other = await group({ redisUrls: [own.url] });
      expect(await other.tryAcquire(resources[0])).toBeNull(); // still held after three TTLs
    } finally {
      await own.stop();
    }
  });

  it("refreshes the member keys' own TTL: a lease outlives it many times over", async () => {
    // member keys are refreshed on a renewal at most every third of their TTL
    const g = await group({ memberKeyTtlMs: 1200, renewEveryMs: 200 });
    const [resource] = bots(1);
    const lease = (await g.tryAcquire(resource))!;
    await sleep(3600); // three member key TTLs
    expect(lost(g)).toEqual([]);
    expect(lease.isValid()).toBe(true);
    expect(Number(await admin.pttl(g.key(resource)))).toBeGreaterThan(0);
  });

  it('a member taken from under the group is lost alone; the others stay valid', async () => {
    const g = await group();
    const [taken, ...kept] = bots(5);
    const leases = await Promise.all([taken, ...kept].map((r) => g.tryAcquire(r)));
    // as a failover that lost a recent write would: the member key vanishes, then another claims it
    await admin.del(g.key(taken));
    const thief = await group();
    const stolen = await thief.tryAcquire(taken);
    expect(stolen).not.toBeNull();
    await waitFor('the loss signalled', () => lost(g).includes(taken), { timeoutMs: 2000 });
    expect(leases[0]?.isValid()).toBe(false);
    await sleep(TTL_MS + 200); // past a TTL: the rest were renewed
    expect(lost(g)).toEqual([taken]);
    expect(leases.slice(1).every((l) => l?.isValid())).toBe(true);
    expect(lost(thief)).toEqual([]);
  });

  it("a dead process's leases become free when its session expires, not before", async () => {
    const dying = await group();
    const resources = bots(3);
    for (const r of resources) await dying.tryAcquire(r);
    dying.stop(); // no more renewals, as after kill -9
    const heir = await group();
    expect(await heir.unheld(resources)).toEqual([]);
    expect(await heir.tryAcquire(resources[0])).toBeNull();
    const unheld = async () => (await heir.unheld(resources)).length === resources.length;
    await waitFor('the session expired', unheld, { timeoutMs: 3 * TTL_MS });
    for (const r of resources) expect(await heir.tryAcquire(r)).not.toBeNull();
  });

  it('released leases can be claimed at once; a stale release leaves the new holder alone', async () => {
    const [a, b] = [await group(), await group()];
    const [resource] = bots(1);
    const lease = (await a.tryAcquire(resource))!;
    expect(await b.tryAcquire(resource)).toBeNull();
    expect(await a.release(lease)).toBe(true);
    const taken = (await b.tryAcquire(resource))!;
    expect(taken).not.toBeNull();
    expect(await a.release(lease)).toBe(false);
    expect(await a.tryAcquire(resource)).toBeNull();
  });

  it('a dropped lease ends here at once and is given back', async () => {
    const [a, b] = [await group(), await group()];
    const [resource] = bots(1);
    const lease = (await a.tryAcquire(resource))!;
    a.drop(lease);
    expect(lease.isValid()).toBe(false);
    expect(a.size).toBe(0);
    await waitFor('given back', async () => (await b.tryAcquire(resource)) !== null);
    expect(lost(a)).toEqual([]); // dropping is not losing: the caller already stopped the work
  });

  it('declares every lease lost a safety margin before the deadline when Redis stops answering', async () => {
    const own = await TestRedisServer.start();
    try {
      const lostAt: number[] = [];
      const g = await group({ redisUrls: [own.url], onLost: () => lostAt.push(performance.now()) });
      const leases = (await Promise.all(bots(3).map((r) => g.tryAcquire(r)))) as Lease[];
      await sleep(300); // a renewal or two
      const deadline = Math.max(...leases.map((l) => l.validUntil));
      await own.stop();
      await waitFor('every loss signalled', () => lostAt.length === 3, { timeoutMs: 2 * TTL_MS });
      for (const at of lostAt) expect(at).toBeLessThan(deadline);
      expect(g.sessionId).toBeUndefined();
    } finally {
      await own.stop();
    }
  });

  it('after a Redis restart that lost every key, all leases are lost and a new session claims again', async () => {
    const own = await TestRedisServer.start();
    try {
      const g = await group({ redisUrls: [own.url], ttlMs: 3000 });
      const resources = bots(3);
      for (const r of resources) await g.tryAcquire(r);
      const firstSession = g.sessionId;
      await own.stop();
      await own.start();
      await waitFor('every loss signalled', () => lost(g).length === 3, { timeoutMs: 5000 });
      await waitFor('reconnected', () => g.ready(200).then(() => true));
      expect(await g.tryAcquire(resources[0])).not.toBeNull();
      expect(g.sessionId).not.toBe(firstSession);
    } finally {
      await own.stop();
    }
  });

  it('tells which sessions are alive', async () => {
    const [a, b] = [await group(), await group()];
    const ids = [a.sessionId!, b.sessionId!, 'never-was'];
    expect(await a.liveSessions(ids)).toEqual(new Set(ids.slice(0, 2)));
    b.stop();
    await waitFor('b expired', async () => (await a.liveSessions(ids)).size === 1, {
      timeoutMs: 3 * TTL_MS,
    });
    expect(await a.liveSessions(ids)).toEqual(new Set([a.sessionId]));
  });

  describe('with three independent Redis masters', () => {
    let masters: TestRedisServer[];
    const urls = () => masters.map((m) => m.url);

    beforeAll(async () => {
      masters = await Promise.all([1, 2, 3].map(() => TestRedisServer.start()));
    });

    afterAll(async () => {
      await Promise.all(masters.map((m) => m.stop()));
    });

    it('keeps leases with one master down, one holder only; loses them when a second goes', async () => {
      const [a, b] = [await group({ redisUrls: urls() }), await group({ redisUrls: urls() })];
      const resources = bots(3);
      for (const r of resources) expect(await a.tryAcquire(r)).not.toBeNull();
      await masters[2].stop();
      await sleep(TTL_MS + 200); // past a TTL: renewed on the two left
      expect(lost(a)).toEqual([]);
      expect(await b.tryAcquire(resources[0])).toBeNull();

      await masters[1].stop();
      await waitFor('every loss signalled', () => lost(a).length === 3, { timeoutMs: 2 * TTL_MS });
      expect(await b.tryAcquire(resources[0])).toBeNull(); // no quorum for anyone
      await Promise.all([masters[1].start(), masters[2].start()]);
    });
  });
});
