import { runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  OwnershipAudit,
  signInAsAdmin,
  type TestDatabase,
  TestRedisServer,
  waitFor,
  waitForStatus,
  withPgClient,
} from '@platform/testing';
import { seedRunningBots } from './support/bots';
import { type RunningService, startService } from './support/cluster';

// Real bot-worker processes sharing one Postgres and one Redis: bots spread, a killed worker's
// bots move, a returning worker gets its share back, and no superseded owner ever writes.
describe('bot-workers sharing bots', () => {
  const BOTS = 24;
  let db: TestDatabase;
  let redis: TestRedisServer;
  let audit: OwnershipAudit;
  const workers: RunningService[] = [];
  const fast = { LEASE_TTL_MS: '1500', RECONCILE_INTERVAL_MS: '300', BOT_TICK_INTERVAL_MS: '200' };
  const startWorker = async () => {
    const worker = await startService(
      'bot-worker',
      { databaseUrl: db.url, redisUrl: redis.url },
      fast,
    );
    workers.push(worker);
    return worker;
  };
  const spread = () => audit.botsPerWorker(1000);
  const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(runMigrations), TestRedisServer.start()]);
    audit = await OwnershipAudit.connect(db.url);
    await seedRunningBots(db.url, BOTS);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.process.kill()));
    await audit?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('two workers split the bots between them', async () => {
    await Promise.all([startWorker(), startWorker()]);
    const counts = await waitFor(
      'all bots running on two workers, evenly',
      async () => {
        const c = await spread();
        return total(c) === BOTS && c.size === 2 && Math.min(...c.values()) >= BOTS / 2 - 1
          ? c
          : undefined;
      },
      { timeoutMs: 30000 },
    );
    expect([...counts.values()].sort()).toEqual([BOTS / 2, BOTS / 2]);
  });

  it('kill -9 one worker: the other takes all its bots', async () => {
    await workers[0].process.stop('SIGKILL');
    await waitFor(
      'all bots on the survivor',
      async () => {
        const c = await spread();
        return total(c) === BOTS && c.size === 1;
      },
      { timeoutMs: 30000 },
    );
  });

  it('a worker that starts again gets its share back', async () => {
    await startWorker();
    await waitFor(
      'bots rebalanced over two workers',
      async () => {
        const c = await spread();
        return total(c) === BOTS && c.size === 2 && Math.min(...c.values()) >= BOTS / 2 - 1;
      },
      { timeoutMs: 30000 },
    );
  });

  it('the gateway shows the live workers with their bots, and where one bot runs', async () => {
    const gateway = await startService('api-gateway', { databaseUrl: db.url, redisUrl: redis.url });
    workers.push(gateway);
    await waitForStatus(gateway.url('/health/live'), 200);
    const api = new ApiClient(gateway.baseUrl);
    const token = await withPgClient(db.url, (sql) => signInAsAdmin(api, sql, 'admin@example.com')); // the cluster view is for admins
    const get = (path: string) => api.call('GET', path, { token });
    const cluster = await waitFor(
      'the gateway to list both workers with all bots',
      async () => {
        const answer = await get('/cluster');
        const body = answer.body as { totals: { workers: number; bots: number } };
        return answer.status === 200 && body.totals.workers === 2 && body.totals.bots === BOTS
          ? answer.body
          : undefined;
      },
      { timeoutMs: 20000 },
    );
    const { workers: listed } = cluster as {
      workers: { id: string; host: string; bots: { botId: string; since: string }[] }[];
    };
    expect(listed.map((w) => w.bots.length).sort()).toEqual([BOTS / 2, BOTS / 2]);

    const bot = listed[0].bots[0];
    const placement = await get(`/cluster/bots/${bot.botId}`);
    expect(placement).toMatchObject({
      status: 200,
      body: { botId: bot.botId, workerId: listed[0].id, host: listed[0].host, since: bot.since },
    });
    expect((await get('/cluster/bots/not-a-uuid')).status).toBe(400);
    expect((await get('/cluster/bots/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('SIGTERM hands the bots over: the other worker runs all of them', async () => {
    const exit = await workers[1].process.stop('SIGTERM');
    expect(exit.code).toBe(0);
    expect(workers[1].process.output).toMatch(/handed over \d+ bots/);
    await waitFor(
      'all bots on the remaining worker',
      async () => {
        const c = await spread();
        return total(c) === BOTS && c.size === 1;
      },
      { timeoutMs: 30000 },
    );
  });

  it('no write was ever accepted from a superseded token', async () => {
    expect(await audit.staleWritesAccepted()).toBe(0);
  });
});
