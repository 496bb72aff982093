import {
  createTestDatabase,
  seedBot,
  seedOrder,
  seedUser,
  type TestDatabase,
} from '@platform/testing';
import type { DataSource } from 'typeorm';
import { BotActionsStore } from '../bots/bot-actions.store';
import { BotsRepository } from '../bots/bots.repository';
import { createDataSource } from '../data-source';
import { FencedWriter } from '../fencing/fenced-writer';
import { StaleFenceTokenError } from '../fencing/stale-fence-token.error';
import { runMigrations } from '../migrate';
import { type Sql } from '../sql/sql';
import { sqlOver } from '../sql/typeorm-sql';
import { ActionNotPendingError } from './bot-actions.repository';
import { TradingRepository } from './trading.repository';

// The users' manual actions in Postgres: one pending action per kind and bot, what makes a bot
// wanted (and claimable) while stopped, and the owner's fenced side of them.
describe('bot actions', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sql: Sql;
  let store: BotActionsStore;
  let writer: FencedWriter;
  let repo: TradingRepository;
  let bots: BotsRepository;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    sql = sqlOver(dataSource);
    store = new BotActionsStore(sql);
    writer = new FencedWriter(dataSource);
    repo = new TradingRepository(dataSource, writer);
    bots = new BotsRepository(sql);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const stoppedBot = async (extra: { lastError?: string } = {}) =>
    (await seedBot(dataSource, { user: await seedUser(dataSource), state: 'stopped', ...extra }))
      .id;
  const events = async (botId: string, type: string) =>
    (await dataSource.query(
      `SELECT fence_token::text, message, data FROM bot_events WHERE bot_id = $1 AND type = $2 ORDER BY id`,
      [botId, type],
    )) as { fence_token: string | null; message: string; data: Record<string, unknown> }[];
  const wanted = async (botId: string) =>
    (await bots.listDesiredRunning()).find((bot) => bot.id === botId);
  const venue = {
    exchangeId: 'binance',
    symbol: 'BTC/USDT',
    mode: 'paper' as const,
    exchangeAccountId: null,
  };
  const sell = { side: 'sell' as const, type: 'market' as const, amount: '0.1', price: null };

  it('asking again while the same action waits is that action; another kind is its own', async () => {
    const botId = await stoppedBot();
    const first = await sql.transaction((tx) => store.request(tx, botId, 'liquidate'));
    const again = await sql.transaction((tx) => store.request(tx, botId, 'liquidate'));
    const cancel = await sql.transaction((tx) => store.request(tx, botId, 'cancel_orders'));

    expect(first.created).toBe(true);
    expect(first.action).toMatchObject({ bot_id: botId, kind: 'liquidate', status: 'pending' });
    expect(again).toEqual({ action: first.action, created: false });
    expect(cancel.created).toBe(true);
    expect(cancel.action.id).not.toBe(first.action.id);
    const requested = await events(botId, 'action.requested');
    expect(requested.map((e) => [e.fence_token, e.data['kind']])).toEqual([
      [null, 'liquidate'],
      [null, 'cancel_orders'],
    ]);
  });

  it('a stopped bot with a pending action is wanted and claimable, also after an error; then no longer', async () => {
    const botId = await stoppedBot({ lastError: 'insufficient funds' });
    expect(await wanted(botId)).toBeUndefined();
    expect(await writer.claim(botId, 'w1', 'h1')).toBeNull();

    const { action } = await sql.transaction((tx) => store.request(tx, botId, 'cancel_orders'));
    expect(await wanted(botId)).toEqual({
      id: botId,
      placementTag: null,
      stopping: true,
      cancelOrdersOnStop: true,
      actionIds: [action.id],
    });
    const claim = (await writer.claim(botId, 'w1', 'h1'))!;
    expect(claim).not.toBeNull();

    const [pending] = await repo.actions.pending(botId);
    expect(pending).toMatchObject({ id: action.id, kind: 'cancel_orders' });
    expect(await repo.actions.finish(claim, pending, { status: 'done', result: 'nothing' })).toBe(
      true,
    );
    expect(await repo.actions.finish(claim, pending, { status: 'done', result: 'twice' })).toBe(
      false,
    );
    expect(await wanted(botId)).toBeUndefined();
    expect(await writer.claim(botId, 'w2', 'h2')).toBeNull();
    expect(await events(botId, 'action.done')).toEqual([
      {
        fence_token: claim.fenceToken,
        message: 'nothing',
        data: { actionId: action.id, kind: 'cancel_orders' },
      },
    ]);
  });

  it("a stopped bot's pending action keeps its market's feed active (a sell needs a price)", async () => {
    const bot = await seedBot(dataSource, {
      user: await seedUser(dataSource),
      state: 'stopped',
      symbol: 'SOL/BTC',
      timeframe: '5m',
    });
    const feedOf = async () =>
      (await bots.listActiveFeeds()).find((feed) => feed.symbol === 'SOL/BTC');
    expect(await feedOf()).toBeUndefined();
    await sql.transaction((tx) => store.request(tx, bot.id, 'liquidate'));
    expect(await feedOf()).toMatchObject({ exchangeId: 'binance', timeframe: '5m' });
  });

  it('a stopped bot with orders to settle is claimable (it stays wanted as stopping until they are)', async () => {
    const botId = await stoppedBot();
    await seedOrder(dataSource, botId, { status: 'open', type: 'limit', price: '29000' });
    expect(await wanted(botId)).toMatchObject({ stopping: true, actionIds: [] });
    expect(await writer.claim(botId, 'w1', 'h1')).not.toBeNull();
  });

  it("a running bot's pending actions ride along with it, oldest first", async () => {
    const botId = (
      await seedBot(dataSource, { user: await seedUser(dataSource), state: 'running' })
    ).id;
    const a = await sql.transaction((tx) => store.request(tx, botId, 'cancel_orders'));
    const b = await sql.transaction((tx) => store.request(tx, botId, 'liquidate'));
    expect(await wanted(botId)).toMatchObject({
      stopping: false,
      actionIds: [a.action.id, b.action.id],
    });
  });

  it('a sell intent is written only while its action is pending, and is tied to it', async () => {
    const botId = await stoppedBot();
    const { action } = await sql.transaction((tx) => store.request(tx, botId, 'liquidate'));
    const claim = (await writer.claim(botId, 'w1', 'h1'))!;

    const order = await repo.writeIntent(
      claim,
      venue,
      { ...sell, signal: 'liquidate' },
      null,
      {},
      action.id,
    );
    const [row] = await dataSource.query(`SELECT order_id FROM bot_actions WHERE id = $1`, [
      action.id,
    ]);
    expect(row.order_id).toBe(order.id);
    const [intent] = await events(botId, 'order.intent');
    expect(intent.data).toMatchObject({ orderId: order.id, actionId: action.id });

    const [pending] = await repo.actions.pending(botId);
    await repo.actions.finish(claim, pending, { status: 'done', result: 'sold' });
    await expect(
      repo.writeIntent(claim, venue, { ...sell, signal: 'liquidate' }, null, {}, action.id),
    ).rejects.toBeInstanceOf(ActionNotPendingError);
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM orders WHERE bot_id = $1`,
      [botId],
    );
    expect(n).toBe(1);
  });

  it('a liquidation stops the bot when it finishes; a superseded owner finishes nothing', async () => {
    const botId = (
      await seedBot(dataSource, { user: await seedUser(dataSource), state: 'running' })
    ).id;
    await sql.transaction((tx) => store.request(tx, botId, 'liquidate'));
    const old = (await writer.claim(botId, 'w1', 'h1'))!;
    const newer = (await writer.claim(botId, 'w2', 'h2'))!;
    const [pending] = await repo.actions.pending(botId);

    await expect(
      repo.actions.finish(old, pending, { status: 'done', result: 'stale' }),
    ).rejects.toBeInstanceOf(StaleFenceTokenError);
    expect(
      await repo.actions.finish(newer, pending, { status: 'done', result: 'sold 1 BTC' }),
    ).toBe(true);
    const [bot] = await dataSource.query(`SELECT desired_state FROM bots WHERE id = $1`, [botId]);
    expect(bot.desired_state).toBe('stopped');
    expect((await events(botId, 'bot.stopped')).map((e) => e.message)).toEqual([
      'stopped after selling everything',
    ]);
  });

  it('a bot stopped on an error fails its pending actions with the reason', async () => {
    const botId = (
      await seedBot(dataSource, { user: await seedUser(dataSource), state: 'running' })
    ).id;
    await sql.transaction((tx) => store.request(tx, botId, 'liquidate'));
    const claim = (await writer.claim(botId, 'w1', 'h1'))!;
    await repo.stopWithError(claim, 'insufficient_funds', 'not enough BTC');

    const [action] = await dataSource.query(
      `SELECT status, result, finished_at IS NOT NULL AS finished FROM bot_actions WHERE bot_id = $1`,
      [botId],
    );
    expect(action).toEqual({ status: 'failed', result: 'not enough BTC', finished: true });
    expect(await wanted(botId)).toBeUndefined();
  });
});
