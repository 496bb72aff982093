import { runMigrations } from '@platform/persistence';
import { ServiceNames } from '@platform/contracts';
import {
  createTestDatabase,
  httpGet,
  TestRedisServer,
  type TestDatabase,
  waitForStatus,
} from '@platform/testing';
import { type RunningService, startService } from './support/cluster';

// What a load balancer sees: /health/ready turns 503 naming the dependency that went away and
// 200 again when it is back, with no restart of any service.
describe('health endpoints of all three services', () => {
  let db: TestDatabase;
  let redis: TestRedisServer;
  let services: RunningService[] = [];

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(runMigrations), TestRedisServer.start()]);
    services = await Promise.all(
      ServiceNames.map((name) => startService(name, { databaseUrl: db.url, redisUrl: redis.url })),
    );
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.process.kill()));
    await redis?.stop();
    await db?.drop();
  });

  const allAnswer = (status: number) =>
    Promise.all(services.map((s) => waitForStatus(s.url('/health/ready'), status)));

  it('are ready with every check up', async () => {
    const results = await allAnswer(200);
    for (const result of results)
      expect(result.body).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, redis: { status: 'up' } },
      });
    expect(results[0].body).toMatchObject({
      info: { 'bot-worker': { status: 'up' }, 'market-data': { status: 'up' } },
    });
  });

  it('Redis stops: every service is 503 naming redis, live stays 200; Redis restarts: 200 again', async () => {
    await redis.stop();
    for (const result of await allAnswer(503)) {
      expect(result.body).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
    }
    for (const service of services)
      expect((await httpGet(service.url('/health/live'))).status).toBe(200);

    await redis.start();
    await allAnswer(200); // includes the gateway reaching its peers over the restarted transport
  });

  it('Postgres refuses connections: every service is 503 naming database; allowed again: 200', async () => {
    await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
    await db.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
      db.name,
    ]);
    for (const result of await allAnswer(503)) {
      expect(result.body).toMatchObject({
        status: 'error',
        error: { database: { status: 'down' } },
      });
    }
    for (const service of services)
      expect((await httpGet(service.url('/health/live'))).status).toBe(200);

    await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
    await allAnswer(200);
  });

  it('none of them crashed along the way', () => {
    for (const service of services) expect(service.process.running).toBe(true);
  });
});
