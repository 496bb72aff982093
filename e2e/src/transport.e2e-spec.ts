import { runMigrations } from '@platform/persistence';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import {
  BotEvents,
  BotWorkerPatterns,
  type BotWorkerPingReply,
  type BotsChangedEvent,
} from '@platform/contracts';
import { redisTransportOptions, request, TransportTimeoutError } from '@platform/service-kit';
import {
  createTestDatabase,
  httpGet,
  seedBots,
  seedUser,
  type TestDatabase,
  TestRedisServer,
  waitFor,
  waitForStatus,
  withPgClient,
} from '@platform/testing';
import { firstValueFrom } from 'rxjs';
import { type RunningService, startService } from './support/cluster';

// The three services as real processes on a Redis of their own: requests and events cross
// process boundaries over the NestJS Redis transport.
describe('services talking over the Redis transport', () => {
  let db: TestDatabase;
  let redis: TestRedisServer;
  let gateway: RunningService;
  let worker: RunningService;
  let marketData: RunningService | undefined;
  let client: ClientProxy;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(runMigrations), TestRedisServer.start()]);
    const deps = { databaseUrl: db.url, redisUrl: redis.url };
    // A long reconcile interval: only the hint can make the worker notice a change quickly.
    [gateway, worker] = await Promise.all([
      startService('api-gateway', deps),
      startService('bot-worker', deps, { RECONCILE_INTERVAL_MS: '600000' }),
    ]);
    client = ClientProxyFactory.create(redisTransportOptions(redis.url));
  });

  afterAll(async () => {
    await client?.close();
    await Promise.all([gateway, worker, marketData].map((s) => s?.process.kill()));
    await redis?.stop();
    await db?.drop();
  });

  it('the gateway is not ready while market-data is absent, and names it', async () => {
    // (waits for the bot-worker to have started too, so only market-data is missing)
    const result = await waitFor(
      'the gateway to see the bot-worker but no market-data',
      async () => {
        const answer = await httpGet(gateway.url('/health/ready'));
        return JSON.stringify(answer.body).includes('"bot-worker":{"instance"')
          ? answer
          : undefined;
      },
    );
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({
      status: 'error',
      error: {
        'market-data': {
          status: 'down',
          message: expect.stringContaining('no reply to "market-data.ping"'),
        },
      },
      info: { 'bot-worker': { status: 'up' }, database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('request/response: the gateway is ready once market-data answers its ping from another process', async () => {
    marketData = await startService('market-data', { databaseUrl: db.url, redisUrl: redis.url });
    const result = await waitForStatus(gateway.url('/health/ready'), 200);
    expect(result.body).toMatchObject({
      status: 'ok',
      info: {
        'bot-worker': { status: 'up', instance: expect.stringMatching(/^bot-worker-/) },
        'market-data': { status: 'up', instance: expect.stringMatching(/^market-data-/) },
      },
    });
  });

  it('event: a bots.changed hint makes the worker re-read Postgres at once', async () => {
    const before = await request<BotWorkerPingReply>(client, BotWorkerPatterns.Ping, {}, 3000);
    expect(before).toMatchObject({
      service: 'bot-worker',
      desiredRunningBots: 0,
      hintsReceived: 0,
    });

    const symbols = ['BTC/USDT', 'ETH/USDT'];
    await withPgClient(db.url, async (sql) =>
      seedBots(sql, 2, { user: await seedUser(sql), symbol: (n) => symbols[n], state: 'running' }),
    );

    const hint: BotsChangedEvent = { reason: 'started' };
    await firstValueFrom(client.emit(BotEvents.Changed, hint));

    const after = await waitFor('the worker to see two running bots', async () => {
      const reply = await request<BotWorkerPingReply>(client, BotWorkerPatterns.Ping, {}, 3000);
      return reply.desiredRunningBots === 2 ? reply : undefined;
    });
    expect(after.hintsReceived).toBe(1);
    expect(after.instanceId).toBe(before.instanceId);
  });

  it('a request to a service that is not running fails with a timeout error in bounded time', async () => {
    await marketData?.process.stop('SIGTERM');
    const started = Date.now();
    await expect(request(client, 'market-data.ping', {}, 500)).rejects.toBeInstanceOf(
      TransportTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    const result = await waitForStatus(gateway.url('/health/ready'), 503);
    expect(result.body).toMatchObject({ error: { 'market-data': { status: 'down' } } });
  });
});
