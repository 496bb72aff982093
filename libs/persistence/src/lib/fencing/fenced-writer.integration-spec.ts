import { LeaseManager } from '@platform/distributed-lock';
import {
  createTestDatabase,
  seedBot,
  seedUser,
  TestRedisServer,
  type TestDatabase,
} from '@platform/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { runMigrations } from '../migrate';
import { FencedWriter } from './fenced-writer';
import { StaleFenceTokenError } from './stale-fence-token.error';

describe('fencing tokens on a real PostgreSQL', () => {
  let db: TestDatabase;
  // Two independent pools: two workers on two notebooks.
  let dsA: DataSource;
  let dsB: DataSource;
  let botId: string;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    [dsA, dsB] = [createDataSource({ url: db.url }), createDataSource({ url: db.url })];
    await Promise.all([dsA.initialize(), dsB.initialize()]);
    ({ id: botId } = await seedBot(dsA, { user: await seedUser(dsA), state: 'running' }));
  });

  afterAll(async () => {
    await Promise.all([dsA?.destroy(), dsB?.destroy()]);
    await db?.drop();
  });

  const heartbeatsOf = async (token: string) =>
    Number(
      (
        await dsA.query(
          `SELECT count(*) AS n FROM bot_heartbeats WHERE bot_id = $1 AND fence_token = $2`,
          [botId, token],
        )
      )[0].n,
    );

  it('tokens strictly increase across owners', async () => {
    const a = new FencedWriter(dsA);
    const b = new FencedWriter(dsB);
    const tokens: bigint[] = [];
    for (let i = 0; i < 10; i++) {
      const claim = await (i % 2 ? a : b).claim(botId, `w${i % 2}`, 'host');
      tokens.push(BigInt(claim!.fenceToken));
    }
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]);
  });

  it('a write with a superseded token is refused; the new owner writes', async () => {
    const a = new FencedWriter(dsA);
    const b = new FencedWriter(dsB);
    const old = (await a.claim(botId, 'wA', 'host-a'))!;
    await a.heartbeat(old, 'wA');
    const newer = (await b.claim(botId, 'wB', 'host-b'))!;

    await expect(a.heartbeat(old, 'wA')).rejects.toBeInstanceOf(StaleFenceTokenError);
    await expect(a.write(old, async () => 'anything')).rejects.toBeInstanceOf(StaleFenceTokenError);
    await b.heartbeat(newer, 'wB');
    expect(await heartbeatsOf(old.fenceToken)).toBe(1);
    expect(await heartbeatsOf(newer.fenceToken)).toBe(1);
  });

  it('a write that started before the takeover commits before the claim can: no interleaving', async () => {
    const a = new FencedWriter(dsA);
    const b = new FencedWriter(dsB);
    const old = (await a.claim(botId, 'wA', 'host-a'))!;
    let releaseWrite!: () => void;
    const holding = new Promise<void>((resolve) => (releaseWrite = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slowWrite = a.write(old, async (tx) => {
      await tx.query(
        `INSERT INTO bot_heartbeats (bot_id, worker_id, fence_token) VALUES ($1, 'wA', $2)`,
        [botId, old.fenceToken],
      );
      entered();
      await holding; // the row lock is held while the write is in flight
    });
    await inside; // the write holds the bot's row: the takeover starts after it
    const takeover = b.claim(botId, 'wB', 'host-b');
    await new Promise((r) => setTimeout(r, 200));
    releaseWrite();
    await slowWrite;
    const newer = (await takeover)!;
    const [claimed] = await dsA.query(
      `SELECT max(created_at) AS t FROM bot_events WHERE bot_id = $1 AND fence_token = $2`,
      [botId, newer.fenceToken],
    );
    const [lastOld] = await dsA.query(
      `SELECT max(at) AS t FROM bot_heartbeats WHERE bot_id = $1 AND fence_token = $2`,
      [botId, old.fenceToken],
    );
    expect(new Date(lastOld.t).getTime()).toBeLessThanOrEqual(new Date(claimed.t).getTime());
  });

  it('a stopped bot cannot be claimed', async () => {
    await dsA.query(`UPDATE bots SET desired_state = 'stopped' WHERE id = $1`, [botId]);
    expect(await new FencedWriter(dsA).claim(botId, 'wA', 'host')).toBeNull();
    await dsA.query(`UPDATE bots SET desired_state = 'running' WHERE id = $1`, [botId]);
  });

  it('after a Redis restart that loses every lease, the next owner still gets a newer token', async () => {
    const redis = await TestRedisServer.start();
    const [leasesA, leasesB] = [
      new LeaseManager({ redisUrls: [redis.url] }),
      new LeaseManager({ redisUrls: [redis.url] }),
    ];
    try {
      await Promise.all([leasesA.ready(), leasesB.ready()]);
      const a = new FencedWriter(dsA);
      const b = new FencedWriter(dsB);
      expect(await leasesA.tryAcquire(`bot:${botId}`, 60000)).not.toBeNull();
      const old = (await a.claim(botId, 'wA', 'host-a'))!;

      await redis.stop(); // every key gone
      await redis.start();
      await leasesB.ready(5000);
      expect(await leasesB.tryAcquire(`bot:${botId}`, 60000)).not.toBeNull(); // the lease is free again
      const newer = (await b.claim(botId, 'wB', 'host-b'))!;

      expect(BigInt(newer.fenceToken)).toBeGreaterThan(BigInt(old.fenceToken));
      await expect(a.heartbeat(old, 'wA')).rejects.toBeInstanceOf(StaleFenceTokenError);
    } finally {
      await Promise.all([leasesA.close(), leasesB.close()]);
      await redis.stop();
    }
  });

  it('with fencing switched off (the chaos baseline), the stale write goes through', async () => {
    const old = (await new FencedWriter(dsA, false).claim(botId, 'wA', 'host-a'))!;
    await new FencedWriter(dsB).claim(botId, 'wB', 'host-b');
    await expect(new FencedWriter(dsA, false).heartbeat(old, 'wA')).resolves.toBeUndefined();
  });
});
