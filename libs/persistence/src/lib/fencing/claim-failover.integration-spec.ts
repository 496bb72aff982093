import { createTestDatabase, seedBot, seedUser, type TestDatabase } from '@platform/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { runMigrations } from '../migrate';
import { FencedWriter } from './fenced-writer';

// What a claim says about the owner before it (the workers' failover metrics): a takeover from
// an owner that never released the bot is a failover, timed from that owner's last alive mark.
describe('FencedWriter.claim: failover or not', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let writer: FencedWriter;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    ds = createDataSource({ url: db.url });
    await ds.initialize();
    writer = new FencedWriter(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const runningBot = async () =>
    (await seedBot(ds, { user: await seedUser(ds), state: 'running' })).id;

  it('the first claim of a bot is no failover', async () => {
    const claim = await writer.claim(await runningBot(), 'w1', 'host');
    expect(claim?.failover).toBeNull();
  });

  it('a claim after a release is no failover', async () => {
    const botId = await runningBot();
    await writer.release((await writer.claim(botId, 'w1', 'host'))!, 'handed over for balance');
    expect((await writer.claim(botId, 'w2', 'host'))?.failover).toBeNull();
  });

  it('a claim over an owner that never let go is a failover, timed from its last alive mark', async () => {
    const botId = await runningBot();
    const first = (await writer.claim(botId, 'w1', 'host'))!;
    // its last alive mark 7 s ago (set directly: no sleeping in tests)
    await ds.query(
      `UPDATE bot_runtime SET last_tick_at = clock_timestamp() - interval '7 seconds'
        WHERE bot_id = $1 AND fence_token = $2`,
      [botId, first.fenceToken],
    );
    const takeover = await writer.claim(botId, 'w2', 'host');
    expect(takeover?.failover?.unownedSeconds).toBeGreaterThanOrEqual(7);
    expect(takeover?.failover?.unownedSeconds).toBeLessThan(60);
  });

  it('without an alive mark, the previous claim time counts', async () => {
    const botId = await runningBot();
    const first = (await writer.claim(botId, 'w1', 'host'))!;
    await ds.query(
      `UPDATE bot_runtime SET claimed_at = clock_timestamp() - interval '4 seconds', last_tick_at = NULL
        WHERE bot_id = $1 AND fence_token = $2`,
      [botId, first.fenceToken],
    );
    const takeover = await writer.claim(botId, 'w2', 'host');
    expect(takeover?.failover?.unownedSeconds).toBeGreaterThanOrEqual(4);
  });
});
