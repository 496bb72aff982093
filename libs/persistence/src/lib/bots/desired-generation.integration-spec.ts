import { createTestDatabase, seedBot, seedUser, type TestDatabase } from '@platform/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { FencedWriter } from '../fencing/fenced-writer';
import { runMigrations } from '../migrate';
import { sqlOver } from '../sql/typeorm-sql';
import { BotsRepository } from './bots.repository';

// The desired generation tells workers when the list of running bots may have changed, so they
// re-read it only then: every change of that list must move it, and the frequent writes that
// do not change it (claims, heartbeats) must not.
describe('the desired generation of bots', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let bots: BotsRepository;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    bots = new BotsRepository(sqlOver(dataSource));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** Runs `change` and tells whether the generation moved. */
  const moves = async (change: () => Promise<unknown>) => {
    const before = await bots.desiredGeneration();
    await change();
    return (await bots.desiredGeneration()) !== before;
  };

  it('moves with every change of which bots are desired running, and the list follows', async () => {
    const user = await seedUser(dataSource);
    let botId = '';
    expect(
      await moves(async () => (botId = (await seedBot(dataSource, { user, state: 'running' })).id)),
    ).toBe(true);
    expect((await bots.listRunning()).map((b) => b.id)).toContain(botId);
    const update = (set: string) =>
      moves(() => dataSource.query(`UPDATE bots SET ${set} WHERE id = $1`, [botId]));
    expect(await update(`desired_state = 'stopped'`)).toBe(true);
    expect((await bots.listRunning()).map((b) => b.id)).not.toContain(botId);
    expect(await update(`desired_state = 'running'`)).toBe(true);
    expect(await update(`placement_tag = 'region=sp'`)).toBe(true);
    expect(await update(`cancel_orders_on_stop = NOT cancel_orders_on_stop`)).toBe(true);
    expect(await update(`deleted_at = now()`)).toBe(true);
    expect((await bots.listRunning()).map((b) => b.id)).not.toContain(botId);
    expect(await moves(() => dataSource.query(`DELETE FROM bots WHERE id = $1`, [botId]))).toBe(
      true,
    );
  });

  it('stays put through claims and heartbeats, and through a change rolled back', async () => {
    const user = await seedUser(dataSource);
    const { id } = await seedBot(dataSource, { user, state: 'running' });
    const writer = new FencedWriter(dataSource);
    expect(
      await moves(async () => {
        const claim = await writer.claim(id, 'worker-1', 'notebook-1');
        if (claim) await writer.heartbeat(claim, 'worker-1');
      }),
    ).toBe(false);
    expect(
      await moves(() =>
        dataSource
          .transaction(async (tx) => {
            await tx.query(`UPDATE bots SET desired_state = 'stopped' WHERE id = $1`, [id]);
            throw new Error('rolled back');
          })
          .catch(() => undefined),
      ),
    ).toBe(false);
  });

  it('listDesiredRunning is the running bots with their actions plus the settling ones', async () => {
    const all = await bots.listDesiredRunning();
    const running = await bots.listRunning();
    expect(all.filter((b) => !b.stopping).map((b) => b.id).sort()).toEqual(
      running.map((b) => b.id).sort(),
    );
  });
});
