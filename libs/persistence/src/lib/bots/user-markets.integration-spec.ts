import { createTestDatabase, seedBot, seedUser, type TestDatabase } from '@platform/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { runMigrations } from '../migrate';
import { sqlOver } from '../sql/typeorm-sql';
import { UserMarkets } from './user-markets';

// What the gateway's live streams send tickers for: the markets of each user's bots that should
// run, for many users in one query.
describe('UserMarkets', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let markets: UserMarkets;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    markets = new UserMarkets(sqlOver(dataSource));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('answers each user asked for with the distinct markets of their running bots only', async () => {
    const [ann, bob, cid] = [
      await seedUser(dataSource),
      await seedUser(dataSource),
      await seedUser(dataSource),
    ];
    await seedBot(dataSource, { user: ann, state: 'running', symbol: 'BTC/USDT' });
    await seedBot(dataSource, { user: ann, state: 'running', symbol: 'BTC/USDT' });
    await seedBot(dataSource, { user: ann, state: 'running', symbol: 'ETH/USDT' });
    await seedBot(dataSource, { user: ann, state: 'stopped', symbol: 'SOL/USDT' });
    const deleted = await seedBot(dataSource, { user: bob, state: 'running', symbol: 'XRP/USDT' });
    await dataSource.query(`UPDATE bots SET deleted_at = now() WHERE id = $1`, [deleted.id]);
    await seedBot(dataSource, { user: bob, state: 'running', symbol: 'ADA/USDT' });
    await seedBot(dataSource, { user: cid, state: 'running', symbol: 'DOT/USDT' }); // not asked

    const answer = await markets.ofUsers([ann.id, bob.id]);
    expect([...answer.keys()].sort()).toEqual([ann.id, bob.id].sort());
    expect(
      answer
        .get(ann.id)
        ?.map((m) => m.symbol)
        .sort(),
    ).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(answer.get(ann.id)?.[0].exchangeId).toBe('binance');
    expect(answer.get(bob.id)).toEqual([{ exchangeId: 'binance', symbol: 'ADA/USDT' }]);
  });

  it('a user without running bots gets an empty list; nobody asked, no query', async () => {
    const idle = await seedUser(dataSource);
    expect((await markets.ofUsers([idle.id])).get(idle.id)).toEqual([]);
    expect((await markets.ofUsers([])).size).toBe(0);
  });
});
