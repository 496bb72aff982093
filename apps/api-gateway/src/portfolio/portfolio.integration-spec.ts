import {
  type ApiClient,
  type BotSeed,
  seedAccount,
  seedBot,
  seedBots,
  seedPosition,
  seedRuntime,
  waitFor,
} from '@platform/testing';
import type Redis from 'ioredis';
import type { Client } from 'pg';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { writeTickerSnapshot } from '../test-support/market-snapshots';
import { signUpAndSignIn } from '../test-support/users';

// GET /portfolio: every bot of the user with its status in one request (polling each bot's
// status, orders and trades once a second exceeds the per-user rate limit at 7 bots).
describe('GET /portfolio', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let redisClient: Redis;
  let token: string;
  let userId: string;
  const ids: Record<string, string> = {};

  const insertBot = async (
    owner: string,
    name: string,
    symbol: string,
    extra: Partial<BotSeed> = {},
  ) => (await seedBot(sql, { user: owner, name, symbol, state: 'stopped', ...extra })).id;
  const position = (botId: string, base: string, entry: string | null, pnl: string, fees: string) =>
    seedPosition(sql, botId, {
      baseAmount: base,
      averageEntry: entry,
      realizedPnl: pnl,
      feesQuote: fees,
      tradesCount: 3,
    });

  beforeAll(async () => {
    bed = await startGatewayTestBed({ MARKET_DATA_TIMEOUT_MS: '300' });
    api = bed.api;
    sql = await bed.connectSql();
    redisClient = bed.connectRedis();
    ({ token, id: userId } = await signUpAndSignIn(api, 'holder@example.com'));
    const { id: otherId } = await signUpAndSignIn(api, 'other@example.com');
    const account = await seedAccount(sql, userId, { verified: true });

    ids.running = await insertBot(userId, 'btc runner', 'BTC/USDT', { state: 'running' });
    await seedRuntime(sql, ids.running, {
      workerId: 'worker-7',
      host: 'notebook-sp',
      claimedSecondsAgo: 60,
    });
    await position(ids.running, '0.5', '30000', '12.5', '0.3');
    ids.eth = await insertBot(userId, 'eth holder', 'ETH/USDT');
    await position(ids.eth, '2', '2000', '-5', '1');
    ids.flat = await insertBot(userId, 'flat', 'BTC/USDT');
    ids.live = await insertBot(userId, 'live btc', 'BTC/USDT', { mode: 'live', account });
    await position(ids.live, '0.1', '29000', '100', '2');
    ids.unpriced = await insertBot(userId, 'sol in btc', 'SOL/BTC');
    await position(ids.unpriced, '10', '0.002', '0.001', '0.0001');
    ids.failed = await insertBot(userId, 'failed', 'ETH/USDT', { lastError: 'keys refused' });
    ids.starting = await insertBot(userId, 'starting', 'ETH/USDT', { state: 'running' });
    const deleted = await insertBot(userId, 'deleted', 'BTC/USDT');
    await sql.query(`UPDATE bots SET deleted_at = now() WHERE id = $1`, [deleted]);
    await insertBot(otherId, 'not mine', 'BTC/USDT');

    await writeTickerSnapshot(redisClient, 'BTC/USDT', '31000');
    await writeTickerSnapshot(redisClient, 'ETH/USDT', '2100.5');
  });

  afterAll(() => bed?.close());

  it('lists every bot of the user (not deleted, nobody else’s) with its state and position', async () => {
    const answer = await api.get('/portfolio', { token });
    expect(answer.status).toBe(200);
    const byId = Object.fromEntries(answer.body.bots.map((bot: { id: string }) => [bot.id, bot]));
    expect(Object.keys(byId).sort()).toEqual(Object.values(ids).sort());
    expect(answer.body.truncated).toBe(false);
    expect(byId[ids.running]).toEqual({
      id: ids.running,
      name: 'btc runner',
      exchangeId: 'binance',
      symbol: 'BTC/USDT',
      mode: 'paper',
      strategy: 'sma-cross',
      desiredState: 'running',
      actualState: 'running',
      worker: {
        id: 'worker-7',
        host: 'notebook-sp',
        claimedAt: expect.any(String),
        lastTickAt: expect.any(String),
      },
      position: {
        base: '0.5',
        averageEntry: '30000',
        realizedProfit: '12.5',
        feesQuote: '0.3',
        tradesCount: 3,
      },
      price: { last: '31000', fetchedAt: expect.any(String) },
      unrealizedProfit: '500',
      lastError: null,
      lastErrorAt: null,
    });
    expect(byId[ids.eth]).toMatchObject({ actualState: 'stopped', unrealizedProfit: '201' });
    expect(byId[ids.flat]).toMatchObject({
      worker: null,
      position: { base: '0', averageEntry: null, realizedProfit: '0', tradesCount: 0 },
      unrealizedProfit: '0',
    });
    expect(byId[ids.live]).toMatchObject({ mode: 'live', unrealizedProfit: '200' });
    expect(byId[ids.unpriced]).toMatchObject({ price: null, unrealizedProfit: null });
    expect(byId[ids.failed]).toMatchObject({
      actualState: 'error',
      lastError: 'keys refused',
      lastErrorAt: expect.any(String),
    });
    expect(byId[ids.starting]).toMatchObject({ actualState: 'starting', worker: null });
  });

  it('totals per mode and quote currency: realized, fees, unrealized and what had no price', async () => {
    const { body } = await api.get('/portfolio', { token });
    expect(body.totals).toEqual([
      {
        mode: 'live',
        quoteCurrency: 'USDT',
        bots: 1,
        realizedProfit: '100',
        feesQuote: '2',
        unrealizedProfit: '200',
        unpricedBots: 0,
      },
      {
        mode: 'paper',
        quoteCurrency: 'BTC',
        bots: 1,
        realizedProfit: '0.001',
        feesQuote: '0.0001',
        unrealizedProfit: '0',
        unpricedBots: 1,
      },
      {
        mode: 'paper',
        quoteCurrency: 'USDT',
        bots: 5,
        realizedProfit: '7.5',
        feesQuote: '1.3',
        unrealizedProfit: '701',
        unpricedBots: 0,
      },
    ]);
  });

  it('reads every ticker it needs in one Redis round trip (MGET of each market once)', async () => {
    const monitor = await redisClient.monitor(); // its own connection
    const seen: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => seen.push(args));
    try {
      const answer = await api.get('/portfolio', { token });
      expect(answer.status).toBe(200);
      // Redis feeds MONITOR in command order: once the marker shows, all before it has.
      await redisClient.echo('portfolio-marker');
      await waitFor('the marker in MONITOR', () =>
        seen.some((args) => args[1] === 'portfolio-marker'),
      );
    } finally {
      monitor.disconnect();
    }
    const tickerReads = seen.filter((args) => args.some((arg) => arg.startsWith('md:ticker:')));
    expect(tickerReads).toHaveLength(1);
    const [command, ...keys] = tickerReads[0];
    expect(command.toLowerCase()).toBe('mget');
    expect(keys.sort()).toEqual([
      'md:ticker:binance:BTC/USDT',
      'md:ticker:binance:ETH/USDT',
      'md:ticker:binance:SOL/BTC',
    ]);
  });

  it('is capped at the largest plan’s stored bots (1000), newest first, and says so', async () => {
    const { token: many, id: manyId } = await signUpAndSignIn(api, 'many@example.com');
    await seedBots(sql, 1001, {
      user: manyId,
      name: (n) => `bot ${n + 1}`,
      secondsAgo: (n) => n + 1,
      state: 'stopped',
    });
    const answer = await api.get('/portfolio', { token: many });
    expect(answer.status).toBe(200);
    expect(answer.body.bots).toHaveLength(1000);
    expect(answer.body.truncated).toBe(true);
    expect(answer.body.bots[0].name).toBe('bot 1');
    expect(answer.body.bots[999].name).toBe('bot 1000');
  });

  it('an empty portfolio, 401 without a session, documented in the OpenAPI schema', async () => {
    const empty = await api.signIn('empty@example.com');
    expect((await api.get('/portfolio', { token: empty })).body).toEqual({
      bots: [],
      totals: [],
      truncated: false,
    });
    expect((await api.get('/portfolio')).status).toBe(401);
    const { body } = await api.get('/docs/openapi.json');
    const schema = body.paths['/portfolio'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(['bots', 'totals', 'truncated']);
    expect(schema.properties.bots.items.properties.unrealizedProfit.description).toContain('price');
  });
});
