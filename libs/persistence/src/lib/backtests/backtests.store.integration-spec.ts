import { randomUUID } from 'node:crypto';
import type { BacktestDefinition, BacktestResult } from '@platform/contracts';
import { createTestDatabase, seedUser, type TestDatabase } from '@platform/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { runMigrations } from '../migrate';
import type { Sql } from '../sql/sql';
import { sqlOver } from '../sql/typeorm-sql';
import { BacktestsStore } from './backtests.store';

const definition = (params: Record<string, unknown> = {}): BacktestDefinition => ({
  exchangeId: 'binance',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  strategy: 'sma-cross',
  params,
  from: Date.UTC(2026, 0, 1),
  to: Date.UTC(2026, 1, 1),
  startingBalance: 1000,
  slippagePct: 0.05,
});

const result = (totalReturnPct: number, maxDrawdownPct: number, sharpe: number | null) =>
  ({
    definition: definition(),
    candles: 1,
    firstCandleAt: 0,
    lastCandleEnd: 60_000,
    metrics: { totalReturnPct, maxDrawdownPct, sharpe, trades: 3 },
    orders: [],
    trades: [],
    equity: [],
    events: [],
  }) as unknown as BacktestResult;

// The rows behind backtest jobs: a run writes only under the attempt it took, so a job that a
// second worker took over (or that was cancelled or deleted) stores nothing, and a job run twice
// stores one result.
describe('BacktestsStore', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sql: Sql;
  let store: BacktestsStore;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    sql = sqlOver(dataSource);
    store = new BacktestsStore(sql);
    userId = (await seedUser(sql)).id;
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const queued = async (sweepId: string | null = null, params: Record<string, unknown> = {}) => {
    const id = randomUUID();
    await sql.transaction((tx) =>
      store.insert(tx, [{ id, userId, sweepId, definition: definition(params) }]),
    );
    return id;
  };

  it('a taken-over run writes nothing; the one that holds the attempt stores one result', async () => {
    const id = await queued();
    const first = await store.claim(id, 'worker-a');
    const second = await store.claim(id, 'worker-b'); // a's lock expired: b runs it again
    expect([first?.attempt, second?.attempt]).toEqual([1, 2]);
    expect(await store.progress(id, 1, 0.5)).toBe(false);
    expect(await store.succeed(id, 1, result(1, 1, 1))).toBe(false);
    expect(await store.progress(id, 2, 0.5)).toBe(true);
    expect(await store.succeed(id, 2, result(7, 2, 1.5))).toBe(true);
    // the first run's late failure, a third claim: nothing changes
    expect(await store.fail(id, 1, 'late')).toBe(false);
    expect(await store.claim(id, 'worker-c')).toBeNull();
    const row = await store.findOwned(userId, id);
    expect(row).toMatchObject({
      status: 'succeeded',
      progress: 1,
      worker_id: 'worker-b',
      attempt: 2,
    });
    expect((await store.result(id))?.metrics.totalReturnPct).toBe(7);
  });

  it('cancel stops the run at its next write; a cancelled backtest is not claimed again', async () => {
    const id = await queued();
    await store.claim(id, 'worker-a');
    expect((await store.cancel(userId, id))?.cancelled).toBe(true);
    expect(await store.progress(id, 1, 0.7)).toBe(false);
    expect(await store.succeed(id, 1, result(1, 1, 1))).toBe(false);
    expect(await store.claim(id, 'worker-b')).toBeNull();
    expect((await store.cancel(userId, id))?.cancelled).toBe(false); // already finished
    expect(await store.cancel(randomUUID(), id)).toBeNull(); // not the user's
  });

  it('ranks a sweep in the metric’s direction, those without a value and unfinished ones last', async () => {
    const sweepId = randomUUID();
    await sql.transaction((tx) =>
      store.insertSweep(tx, {
        id: sweepId,
        userId,
        definition: definition(),
        grid: { fastPeriod: [1, 2, 3, 4] },
        rankBy: 'sharpe',
        combinations: 4,
      }),
    );
    const ids: string[] = [];
    for (const fastPeriod of [1, 2, 3, 4]) ids.push(await queued(sweepId, { fastPeriod }));
    const outcomes: [number, number, number | null][] = [
      [5, 9, 0.5],
      [2, 3, null],
      [8, 1, 2],
    ];
    for (const [i, [ret, dd, sharpe]] of outcomes.entries()) {
      const claimed = await store.claim(ids[i], 'w');
      await store.succeed(ids[i], claimed?.attempt ?? 0, result(ret, dd, sharpe));
    }
    const order = async (rankBy: 'sharpe' | 'maxDrawdownPct' | 'totalReturnPct') =>
      (await store.ranked(sweepId, rankBy, 10)).map((row) => ids.indexOf(row.id));
    expect(await order('sharpe')).toEqual([2, 0, 1, 3]);
    expect(await order('maxDrawdownPct')).toEqual([2, 1, 0, 3]);
    expect(await order('totalReturnPct')).toEqual([2, 0, 1, 3]);
    expect(await store.sweepCounts(sweepId)).toEqual({
      queued: 1,
      running: 0,
      succeeded: 3,
      failed: 0,
      cancelled: 0,
    });
    expect(await sql.transaction((tx) => store.countUnfinished(tx, userId, 'sweep'))).toBe(1);
  });

  it('finds the rows whose job may be lost: queued or running for long, never the finished', async () => {
    const [fresh, oldQueued, oldRunning] = [await queued(), await queued(), await queued()];
    await store.claim(oldRunning, 'w');
    await sql.query(
      `UPDATE backtests SET created_at = now() - interval '2 minutes',
                            started_at = started_at - interval '2 minutes'
        WHERE id = ANY($1)`,
      [[oldQueued, oldRunning]],
    );
    const lost = await store.possiblyLost(30, 60, 100);
    expect(lost).toEqual(expect.arrayContaining([oldQueued, oldRunning]));
    expect(lost).not.toContain(fresh);
    await sql.query(
      `UPDATE backtests SET status = 'cancelled', finished_at = now() WHERE id = ANY($1)`,
      [[fresh, oldQueued, oldRunning]],
    );
  });

  it('deleting the user deletes their backtests, results and sweeps', async () => {
    const other = await seedUser(sql);
    const id = randomUUID();
    await sql.transaction((tx) =>
      store.insert(tx, [{ id, userId: other.id, sweepId: null, definition: definition() }]),
    );
    const claimed = await store.claim(id, 'w');
    await store.succeed(id, claimed?.attempt ?? 0, result(1, 1, 1));
    await sql.query(`DELETE FROM users WHERE id = $1`, [other.id]);
    expect(await sql.query(`SELECT 1 FROM backtests WHERE id = $1`, [id])).toEqual([]);
    expect(await sql.query(`SELECT 1 FROM backtest_results WHERE backtest_id = $1`, [id])).toEqual(
      [],
    );
  });
});
