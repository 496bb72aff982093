import { KeyRing, type MarketInfo, PaperExchangeClient } from '@platform/exchange';
import { NotificationWorkers, notifyEnv, sealChannelSecret } from '@platform/notifications';
import {
  createDataSource,
  FencedWriter,
  NotificationChannelsStore,
  PaperLedgerRepository,
  runMigrations,
  sqlOver,
  TradingRepository,
} from '@platform/persistence';
import { loadEnv } from '@platform/service-kit';
import { getStrategy, validateBotParams } from '@platform/strategies';
import {
  btcUsdtMarket,
  createTestDatabase,
  newEncryptionKeys,
  seedBot,
  seedUser,
  type TestDatabase,
  TestRedisServer,
  waitFor,
  WebhookReceiver,
} from '@platform/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BotEngine } from './bot-engine';
import type { MarketView } from './market-hub';
import { handMovedMarket } from '../test-support/hand-moved-market';

const SECRET = 'whsec_engine_spec_secret_0123456789';
const market: MarketInfo = btcUsdtMarket;

// The engine's own fenced writes announce what they record: a DCA bot on the paper exchange
// buys (a fill), then the price falls through its stop-loss and the risk limits sell everything
// (a fill and a risk stop); the notification workers deliver each as a signed webhook.
describe('BotEngine -> notifications', () => {
  let db: TestDatabase;
  let redis: TestRedisServer;
  let dataSource: DataSource;
  let receiver: WebhookReceiver;
  let workers: NotificationWorkers;
  let price = 30_000;
  const { ticker, source } = handMovedMarket(() => price);

  beforeAll(async () => {
    [db, redis, receiver] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      WebhookReceiver.start(SECRET),
    ]);
    dataSource = await createDataSource({ url: db.url }).initialize();
  });

  afterAll(async () => {
    await workers?.stop();
    await dataSource?.destroy();
    await receiver?.stop();
    await redis?.stop();
    await db?.drop();
  });

  it('a paper fill and a stop-loss reach the webhook, signed, once each', async () => {
    const keyRing = KeyRing.parse(newEncryptionKeys());
    const sql = sqlOver(dataSource);
    const user = await seedUser(dataSource);
    const params = {
      quotePerBuy: 100,
      intervalSeconds: 3600,
      takeProfitPct: 50,
      risk: { paperQuoteBalance: 1000, stopLossPct: 5 },
    };
    const bot = await seedBot(dataSource, {
      user,
      strategy: 'dca',
      params,
      state: 'running',
    });
    await sql.query(`INSERT INTO notification_preferences (bot_id, fills) VALUES ($1, true)`, [
      bot.id,
    ]);
    const channelId = randomUUID();
    await new NotificationChannelsStore(sql).insert({
      id: channelId,
      userId: user.id,
      kind: 'webhook',
      label: 'engine',
      target: { url: receiver.url },
      secret: sealChannelSecret(keyRing, channelId, SECRET),
    });
    workers = new NotificationWorkers({
      sql,
      redisUrl: redis.url,
      keyRing,
      config: loadEnv(notifyEnv, {
        NOTIFY_DISPATCH_INTERVAL_MS: '50',
        NOTIFY_CHANNEL_INTERVAL_MS: '0',
      }),
    });
    await workers.start();

    const writer = new FencedWriter(dataSource);
    const repo = new TradingRepository(dataSource, writer);
    const claim = (await writer.claim(bot.id, 'w', 'h'))!;
    const validation = validateBotParams('dca', params, 'paper');
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    const engine = new BotEngine({
      claim,
      bot: (await repo.loadBot(bot.id))!,
      exchange: {
        client: new PaperExchangeClient({
          exchangeId: 'binance',
          accountId: bot.id,
          ledger: new PaperLedgerRepository(dataSource),
          market: source,
          slippagePct: 0,
          initialBalances: { USDT: '1000' },
        }),
        lateOrderWindowMs: 0,
        lookupUnderLock: true,
      },
      strategy: getStrategy('dca')!,
      params: validation.params,
      repo,
      marketOf: async () => market,
      settings: { staleAfterMs: 10_000, orderPollMs: 0 },
      mayStillSend: () => true,
    });
    const view = (): MarketView => ({
      feed: { exchangeId: 'binance', symbol: 'BTC/USDT', timeframe: '1m' },
      ticker: ticker(),
      tickerAt: Date.now(),
      candles: [],
    });

    await engine.evaluate(view());
    price = 28_000; // more than 5 % below the entry
    await engine.evaluate(view());

    const trades = await sql.query<{ id: string; side: string }>(
      `SELECT id, side FROM trades WHERE bot_id = $1 ORDER BY executed_at, id`,
      [bot.id],
    );
    expect(trades.map((t) => t.side)).toEqual(['buy', 'sell']);
    const [sell] = await sql.query<{ id: string }>(
      `SELECT id FROM orders WHERE bot_id = $1 AND signal = 'stop-loss'`,
      [bot.id],
    );
    const expected = [...trades.map((t) => `fill:${t.id}`), `risk:${sell.id}`];
    await waitFor('the three messages', () =>
      expected.every((id) => receiver.accepted().some((r) => r.id === id)),
    );
    expect(receiver.requests.map((r) => r.id).sort()).toEqual([...expected].sort());
    expect(receiver.requests.every((r) => r.verified && r.status === 200)).toBe(true);
    expect(receiver.requests.find((r) => r.id === `risk:${sell.id}`)?.body).toMatchObject({
      type: 'risk_stop',
      data: { trigger: 'stop-loss', side: 'sell', botId: bot.id },
    });
  });
});
