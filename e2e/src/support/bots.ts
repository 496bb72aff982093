import { seedBots, seedUser, withPgClient } from '@platform/testing';

/** Creates a user with `count` bots whose desired state is running; returns their ids. */
export async function seedRunningBots(
  databaseUrl: string,
  count: number,
  placementTag: string | null = null,
  symbol = 'BTC/USDT',
): Promise<string[]> {
  return withPgClient(databaseUrl, async (sql) => {
    const user = await seedUser(sql);
    const bots = await seedBots(sql, count, { user, symbol, placementTag, state: 'running' });
    return bots.map((bot) => bot.id);
  });
}
