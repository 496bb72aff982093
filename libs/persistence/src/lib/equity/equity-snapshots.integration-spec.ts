import {
  createTestDatabase,
  seedAccount,
  seedBot,
  seedPaperBalances,
  seedPosition,
  seedUser,
  type TestDatabase,
  waitFor,
  withPgClient,
} from '@platform/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { type Claim, FencedWriter } from '../fencing/fenced-writer';
import { runMigrations } from '../migrate';
import { sqlOver } from '../sql/typeorm-sql';
import { EquitySnapshotsRepository } from './equity-snapshots.repository';

describe('equity snapshots: one fenced statement per worker per minute', () => {
  let db: TestDatabase;
  // two pools: two workers on two notebooks
  let dsA: DataSource;
  let dsB: DataSource;
  let snapshotsA: EquitySnapshotsRepository;
  let snapshotsB: EquitySnapshotsRepository;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    [dsA, dsB] = [createDataSource({ url: db.url }), createDataSource({ url: db.url })];
    await Promise.all([dsA.initialize(), dsB.initialize()]);
    snapshotsA = new EquitySnapshotsRepository(sqlOver(dsA));
    snapshotsB = new EquitySnapshotsRepository(sqlOver(dsB));
    ({ id: userId } = await seedUser(dsA));
  });

  afterAll(async () => {
    await Promise.all([dsA?.destroy(), dsB?.destroy()]);
    await db?.drop();
  });

  const runningBot = async (seed: { account?: string } = {}) =>
    (await seedBot(dsA, { user: userId, state: 'running', ...seed })).id;
  const claimOn = (ds: DataSource, botId: string) =>
    new FencedWriter(ds).claim(botId, ds === dsA ? 'wA' : 'wB', 'host') as Promise<Claim>;
  const rowsOf = (botId: string): Promise<Record<string, string | null>[]> =>
    dsA.query(
      `SELECT at, equity::text, realized_profit::text, unrealized_profit::text,
              position_base::text, price::text
         FROM bot_equity WHERE bot_id = $1 ORDER BY at`,
      [botId],
    );

  it('values a paper bot at its balances and a live bot at its profit, on the minute', async () => {
    const paper = await runningBot();
    await seedPaperBalances(dsA, paper, { USDT: { free: '900', used: '50' }, BTC: '0.02' });
    await seedPosition(dsA, paper, {
      baseAmount: '0.02',
      averageEntry: '30000',
      realizedPnl: '12.5',
    });
    const account = await seedAccount(dsA, userId, { verified: true });
    const live = await runningBot({ account: account.id });
    await seedPosition(dsA, live, { baseAmount: '0.1', averageEntry: '29000', realizedPnl: '-3' });
    const claims = [await claimOn(dsA, paper), await claimOn(dsA, live)];

    const recording = await snapshotsA.record(claims.map((claim) => ({ claim, price: '31000' })));

    expect(recording.written.sort()).toEqual([paper, live].sort());
    expect(recording.at.getUTCSeconds()).toBe(0);
    expect(recording.at.getUTCMilliseconds()).toBe(0);
    expect(await rowsOf(paper)).toEqual([
      {
        at: recording.at,
        // 950 USDT + 0.02 BTC x 31000
        equity: '1570.00',
        realized_profit: '12.5',
        unrealized_profit: '20.00',
        position_base: '0.02',
        price: '31000',
      },
    ]);
    // -3 realized + 0.1 x (31000 - 29000) unrealized
    expect((await rowsOf(live))[0]).toMatchObject({ equity: '197.0', unrealized_profit: '200.0' });
  });

  it('a stale fencing token writes nothing, and says so', async () => {
    const botId = await runningBot();
    const old = await claimOn(dsA, botId);
    await claimOn(dsB, botId); // taken over

    const recording = await snapshotsA.record([{ claim: old, price: '30000' }]);

    expect(recording.current).toEqual([]);
    expect(recording.written).toEqual([]);
    expect(await rowsOf(botId)).toEqual([]);
  });

  it('a claim committed while the statement waits for its row wins: nothing stale is written', async () => {
    const botId = await runningBot();
    const old = await claimOn(dsA, botId);
    await withPgClient(db.url, async (takeover) => {
      // a newer owner's claim in flight, holding the bot's row
      await takeover.query('BEGIN');
      await takeover.query(`UPDATE bots SET fence_token = fence_token + 1 WHERE id = $1`, [botId]);
      const recording = snapshotsA.record([{ claim: old, price: '30000' }]);
      await waitFor('the snapshot to wait for the bot row', async () => {
        const [waiting] = await dsB.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return waiting.n > 0;
      });
      await takeover.query('COMMIT');
      expect((await recording).written).toEqual([]);
    });
    expect(await rowsOf(botId)).toEqual([]);
  });

  it('a takeover within the same minute overwrites the row instead of adding one', async () => {
    const botId = await runningBot();
    await seedPaperBalances(dsA, botId, { USDT: '1000' });
    const first = await claimOn(dsA, botId);
    const second = await claimOn(dsB, botId);
    // retried if the minute turns between the two writes: the point is two owners, one minute
    await waitFor('two owners writing in the same minute', async () => {
      await dsA.query(`DELETE FROM bot_equity WHERE bot_id = $1`, [botId]);
      const a = await snapshotsA.record([{ claim: first, price: null }]);
      await dsA.query(`UPDATE paper_balances SET free = 1100 WHERE bot_id = $1`, [botId]);
      const b = await snapshotsB.record([{ claim: second, price: null }]);
      await dsA.query(`UPDATE paper_balances SET free = 1000 WHERE bot_id = $1`, [botId]);
      return a.at.getTime() === b.at.getTime() && b.written.length === 1;
    });
    const rows = await rowsOf(botId);
    expect(rows).toHaveLength(1);
    expect(rows[0].equity).toBe('1100');
  });

  it('the same owner writing twice in a minute keeps one row, with the newer values', async () => {
    const botId = await runningBot();
    await seedPaperBalances(dsA, botId, { USDT: '500' });
    const claim = await claimOn(dsA, botId);
    await waitFor('two writes in the same minute', async () => {
      await dsA.query(`DELETE FROM bot_equity WHERE bot_id = $1`, [botId]);
      const a = await snapshotsA.record([{ claim, price: null }]);
      await dsA.query(`UPDATE paper_balances SET free = 600 WHERE bot_id = $1`, [botId]);
      const b = await snapshotsA.record([{ claim, price: null }]);
      await dsA.query(`UPDATE paper_balances SET free = 500 WHERE bot_id = $1`, [botId]);
      return a.at.getTime() === b.at.getTime();
    });
    expect((await rowsOf(botId)).map((row) => row.equity)).toEqual(['600']);
  });

  it('a released claim writes nothing; a position without a price is skipped, not guessed', async () => {
    const released = await runningBot();
    const releasedClaim = await claimOn(dsA, released);
    await new FencedWriter(dsA).release(releasedClaim, 'stopped');
    const holding = await runningBot();
    await seedPosition(dsA, holding, { baseAmount: '1', averageEntry: '100' });
    await seedPaperBalances(dsA, holding, { USDT: '0', BTC: '1' });
    const flat = await runningBot();
    await seedPaperBalances(dsA, flat, { USDT: '250' });
    const [holdingClaim, flatClaim] = [await claimOn(dsA, holding), await claimOn(dsA, flat)];

    const recording = await snapshotsA.record([
      { claim: releasedClaim, price: '100' },
      { claim: holdingClaim, price: null },
      { claim: flatClaim, price: null },
    ]);

    expect(recording.current.sort()).toEqual([holding, flat].sort());
    expect(recording.written).toEqual([flat]);
    expect((await rowsOf(flat))[0]).toMatchObject({ equity: '250', price: null });
  });

  it('an empty worker still learns the database clock', async () => {
    const recording = await snapshotsA.record([]);
    expect(recording).toMatchObject({ current: [], written: [] });
    expect(recording.databaseNow.getTime()).toBeGreaterThanOrEqual(recording.at.getTime());
  });
});
