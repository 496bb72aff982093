import {
  createTestDatabase,
  seedAccount,
  seedBot,
  seedUser,
  type TestDatabase,
} from '@platform/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { runMigrations } from '../migrate';
import { sqlOver } from '../sql/typeorm-sql';
import { EquityStore } from './equity.store';
import { PortfolioTotals } from './portfolio-totals.job';

const T0 = new Date('2026-03-02T00:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe('EquityStore: histories for the charts', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: EquityStore;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    store = new EquityStore(sqlOver(dataSource));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** A snapshot a minute from T0 for `count` minutes; equity = base + the minute's index. */
  const history = (botId: string, count: number, base = 1000) =>
    dataSource.query(
      `INSERT INTO bot_equity (bot_id, at, equity, realized_profit, unrealized_profit, position_base, price)
       SELECT $1, $2::timestamptz + n * interval '1 minute', $4::numeric + n, n, 0, 0, NULL
         FROM generate_series(0, $3 - 1) AS n`,
      [botId, T0, count, base],
    );

  it("answers a bot's snapshots oldest first, exactly when the range holds few enough", async () => {
    const user = await seedUser(dataSource);
    const bot = await seedBot(dataSource, { user, state: 'running' });
    await history(bot.id, 10);

    const points = await store.equityOf(user.id, bot.id, minutes(2), minutes(5), 100);

    expect(points).toEqual(
      [2, 3, 4, 5].map((n) => ({
        at: minutes(n).toISOString(),
        equity: String(1000 + n),
        realizedProfit: String(n),
        unrealizedProfit: '0',
        positionBase: '0',
        price: null,
      })),
    );
  });

  it('thins a long range to at most maxPoints, keeping the last snapshot of each bucket', async () => {
    const user = await seedUser(dataSource);
    const bot = await seedBot(dataSource, { user, state: 'running' });
    await history(bot.id, 24 * 60); // a day of minutes

    const points = (await store.equityOf(user.id, bot.id, minutes(0), minutes(24 * 60), 25))!;

    expect(points.length).toBeLessThanOrEqual(25);
    expect(points.length).toBeGreaterThan(20);
    // 24 h in 25 points: hourly buckets, each answered by its last minute (:59)
    expect(points.map((p) => p.at)).toEqual(
      Array.from({ length: 24 }, (_, h) => minutes(h * 60 + 59).toISOString()),
    );
    expect(points[0].equity).toBe('1059');
  });

  it("another user's bot, a deleted bot and an unknown bot are not found; an empty history is []", async () => {
    const owner = await seedUser(dataSource);
    const other = await seedUser(dataSource);
    const bot = await seedBot(dataSource, { user: owner, state: 'running' });
    await history(bot.id, 5);
    const quiet = await seedBot(dataSource, { user: owner, state: 'stopped' });

    expect(await store.equityOf(other.id, bot.id, minutes(0), minutes(10), 10)).toBeNull();
    expect(await store.equityOf(owner.id, quiet.id, minutes(0), minutes(10), 10)).toEqual([]);
    expect(
      await store.equityOf(
        owner.id,
        '00000000-0000-4000-8000-000000000000',
        minutes(0),
        minutes(10),
        10,
      ),
    ).toBeNull();
    await dataSource.query(`UPDATE bots SET deleted_at = now() WHERE id = $1`, [bot.id]);
    expect(await store.equityOf(owner.id, bot.id, minutes(0), minutes(10), 10)).toBeNull();
  });

  /** What PortfolioTotals sums from the bots' rows (again from the start: tests add history at T0). */
  const sumTotals = async () => {
    await dataSource.query(
      `UPDATE equity_jobs SET done_until = '-infinity' WHERE job = 'portfolio-totals'`,
    );
    expect(await new PortfolioTotals(sqlOver(dataSource)).run(1000)).toBe('done');
  };

  it("sums a portfolio per minute within one mode and quote currency, only the user's bots", async () => {
    const user = await seedUser(dataSource);
    const [a, b] = [
      await seedBot(dataSource, { user, state: 'running' }),
      await seedBot(dataSource, { user, state: 'running' }),
    ];
    const btcQuoted = await seedBot(dataSource, { user, state: 'running', symbol: 'ETH/BTC' });
    const account = await seedAccount(dataSource, user, { verified: true });
    const live = await seedBot(dataSource, { user, account, state: 'running' });
    const stranger = await seedBot(dataSource, {
      user: await seedUser(dataSource),
      state: 'running',
    });
    await history(a.id, 6, 1000);
    await history(b.id, 2, 500); // stopped after two minutes
    for (const other of [btcQuoted, live, stranger]) await history(other.id, 6, 1_000_000);
    await sumTotals();

    const points = await store.portfolioEquity(
      user.id,
      'paper',
      'USDT',
      minutes(0),
      minutes(5),
      10,
    );

    const point = (n: number, equity: number, realized: number, bots: number) => ({
      at: minutes(n).toISOString(),
      equity: String(equity),
      realizedProfit: String(realized),
      unrealizedProfit: '0',
      bots,
    });
    expect(points).toEqual([
      point(0, 1000 + 500, 0, 2),
      point(1, 1001 + 501, 1 + 1, 2),
      // b's last row still counts for two minutes (a missed minute is no dip), then b is gone
      point(2, 1002 + 501, 2 + 1, 2),
      point(3, 1003 + 501, 3 + 1, 2),
      point(4, 1004, 4, 1),
      point(5, 1005, 5, 1),
    ]);
    const liveTotals = await store.portfolioEquity(
      user.id,
      'live',
      'USDT',
      minutes(0),
      minutes(5),
      2,
    );
    expect(liveTotals.length).toBeLessThanOrEqual(2);
    expect(liveTotals.at(-1)).toMatchObject({ equity: '1000005', bots: 1 });
    expect(await store.portfolioEquity(user.id, 'paper', 'BTC', minutes(5), minutes(5), 2)).toEqual(
      [point(5, 1_000_005, 5, 1)],
    );
  });

  it('thins a portfolio to the last total of each bucket', async () => {
    const user = await seedUser(dataSource);
    const [a, b] = [
      await seedBot(dataSource, { user, state: 'running' }),
      await seedBot(dataSource, { user, state: 'running' }),
    ];
    await history(a.id, 120, 0);
    await history(b.id, 90, 10_000); // ends half way through the second hour
    await sumTotals();

    // hourly buckets (3 points over 2 hours); the third holds minute 120 alone
    const points = await store.portfolioEquity(
      user.id,
      'paper',
      'USDT',
      minutes(0),
      minutes(120),
      3,
    );

    expect(points.map(({ at, equity, bots }) => ({ at, equity, bots }))).toEqual([
      { at: minutes(59).toISOString(), equity: String(59 + 10_059), bots: 2 },
      { at: minutes(119).toISOString(), equity: '119', bots: 1 },
      { at: minutes(120).toISOString(), equity: '119', bots: 1 },
    ]);
  });
});
