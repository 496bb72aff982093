import { type Ref, type SeedDb, seedOrder, seedTrade } from '@platform/testing';

/**
 * `count` filled orders of the bot, client ids c-0, c-1 ..., each with one trade (t-0, t-1 ...)
 * at 30000: c-0 the oldest (100 s ago), each next one a second younger, for the paged routes.
 */
export async function seedFilledOrders(sql: SeedDb, bot: Ref, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const order = await seedOrder(sql, bot, { clientOrderId: `c-${i}`, secondsAgo: 100 - i });
    await seedTrade(sql, order, { exchangeTradeId: `t-${i}`, price: '30000', secondsAgo: 100 - i });
  }
}
