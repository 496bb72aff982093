import { createTestDatabase, seedBot, seedUser, type TestDatabase } from '@platform/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { FencedWriter, type Claim } from '../fencing/fenced-writer';
import { runMigrations } from '../migrate';
import { TradingRepository } from './trading.repository';

describe('TradingRepository.clearError', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let trading: TradingRepository;
  let claim: Claim;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    const writer = new FencedWriter(dataSource);
    trading = new TradingRepository(dataSource, writer);
    const bot = await seedBot(dataSource, { user: await seedUser(dataSource), state: 'running' });
    claim = (await writer.claim(bot.id, 'w', 'host'))!;
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const recoveredEvents = async () =>
    Number(
      (
        await dataSource.query(
          `SELECT count(*) AS n FROM bot_events WHERE bot_id = $1 AND type = 'bot.recovered'`,
          [claim.botId],
        )
      )[0].n,
    );

  it('records a recovery only when there was an error to clear', async () => {
    // nothing to clear (say, a start through the API cleared it already): no event
    await trading.clearError(claim);
    expect(await recoveredEvents()).toBe(0);

    await dataSource.query(
      `UPDATE bots SET last_error = 'stuck', last_error_at = now() WHERE id = $1`,
      [claim.botId],
    );
    await trading.clearError(claim);
    expect(await recoveredEvents()).toBe(1);
    const [bot] = await dataSource.query(`SELECT last_error FROM bots WHERE id = $1`, [
      claim.botId,
    ]);
    expect(bot.last_error).toBeNull();

    await trading.clearError(claim);
    expect(await recoveredEvents()).toBe(1);
  });
});
