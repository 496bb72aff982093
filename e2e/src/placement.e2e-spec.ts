import { runMigrations } from '@platform/persistence';
import {
  createTestDatabase,
  OwnershipAudit,
  TestRedisServer,
  type TestDatabase,
  waitFor,
} from '@platform/testing';
import { seedRunningBots } from './support/bots';
import { type RunningService, startService } from './support/cluster';

const FRESH_MS = 3000;

// A bot that requires a placement tag runs only on workers that carry it.
describe('placement tags', () => {
  let db: TestDatabase;
  let redis: TestRedisServer;
  let audit: OwnershipAudit;
  const workers: RunningService[] = [];

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(runMigrations), TestRedisServer.start()]);
    audit = await OwnershipAudit.connect(db.url);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.process.kill()));
    await audit?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('tagged bots run on the tagged worker; the others spread over both', async () => {
    const tagged = await seedRunningBots(db.url, 4, 'region=sp');
    await seedRunningBots(db.url, 8);
    const deps = { databaseUrl: db.url, redisUrl: redis.url };
    const timings = {
      LEASE_TTL_MS: '1500',
      RECONCILE_INTERVAL_MS: '300',
      BOT_TICK_INTERVAL_MS: '200',
    };
    workers.push(
      await startService('bot-worker', deps, { ...timings, WORKER_TAGS: 'region=sp' }),
      await startService('bot-worker', deps, timings),
    );

    // fair share: the tagged worker runs its 4 plus half of the 8 others. A bot counts as
    // running while its heartbeat is under 3 s old (15 ticks: a busy machine delays some).
    await waitFor(
      'tagged bots on one worker, which runs 8 of the 12',
      async () => {
        const owners = await audit.activeOwners(FRESH_MS);
        const taggedOwners = new Set(tagged.map((id) => owners.get(id)));
        const [sp] = taggedOwners;
        const counts = await audit.botsPerWorker(FRESH_MS);
        if (
          owners.size === 12 &&
          taggedOwners.size === 1 &&
          sp !== undefined &&
          counts.get(sp) === 8 &&
          counts.size === 2
        )
          return true;
        // the last of these is in the timeout's message
        throw new Error(
          `seen: ${owners.size} bots running, the tagged ones on ${taggedOwners.size} worker(s), per worker ${JSON.stringify([...counts.values()])}`,
        );
      },
      { timeoutMs: 30000 },
    );
  });
});
