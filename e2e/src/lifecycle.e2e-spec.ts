import { runMigrations } from '@platform/persistence';
import { ServiceNames } from '@platform/contracts';
import {
  createTestDatabase,
  ServiceProcess,
  TestRedisServer,
  type TestDatabase,
  waitForStatus,
} from '@platform/testing';
import { startService } from './support/cluster';

describe('start-up configuration and shutdown of each service', () => {
  let db: TestDatabase;
  let redis: TestRedisServer;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(runMigrations), TestRedisServer.start()]);
  });

  afterAll(async () => {
    await redis?.stop();
    await db?.drop();
  });

  it('bot-worker: a production start refuses the test-harness switches (fencing stays on)', async () => {
    const process = ServiceProcess.start(
      'bot-worker',
      {
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        UNSAFE_DISABLE_FENCING: 'true',
        BOT_CRASH_AT: 'after-intent',
        BOT_HEARTBEAT_HISTORY: 'false', // its default: harmless
      },
      { production: true },
    );
    const exit = await process.waitForExit();
    expect(exit.code).toBe(1);
    const lines = process.output.split('\n').filter((line) => line.startsWith('bot-worker: '));
    expect(lines).toEqual(
      expect.arrayContaining([
        'bot-worker: UNSAFE_DISABLE_FENCING is a test-harness switch: only the test harness may set it',
        'bot-worker: BOT_CRASH_AT is a test-harness switch: only the test harness may set it',
      ]),
    );
    expect(process.output).not.toContain('BOT_HEARTBEAT_HISTORY');
  });

  describe.each(ServiceNames)('%s', (service) => {
    it('refuses to start without DATABASE_URL, naming it', async () => {
      const process = ServiceProcess.start(service, { REDIS_URL: redis.url });
      const exit = await process.waitForExit();
      expect(exit.code).toBe(1);
      expect(process.output).toContain(`${service}: DATABASE_URL is missing`);
      expect(process.output).not.toContain('REDIS_URL');
    });

    it('refuses to start with a malformed DATABASE_URL and a bad port, one line each', async () => {
      const process = ServiceProcess.start(service, {
        DATABASE_URL: 'localhost:5432/trading',
        REDIS_URL: redis.url,
        HTTP_HOST: '127.0.0.1',
        GATEWAY_HTTP_PORT: 'x',
        BOT_WORKER_HTTP_PORT: 'x',
        MARKET_DATA_HTTP_PORT: 'x',
      });
      const exit = await process.waitForExit();
      expect(exit.code).toBe(1);
      const lines = process.output.split('\n').filter((line) => line.startsWith(`${service}: `));
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringContaining(
            'DATABASE_URL="localhost:5432/trading" must start with postgres: or postgresql:',
          ),
          expect.stringMatching(/_HTTP_PORT="x" must be a TCP port number/),
        ]),
      );
    });

    it('stops on SIGTERM with exit status 0 within a few seconds', async () => {
      const running = await startService(service, { databaseUrl: db.url, redisUrl: redis.url });
      try {
        await waitForStatus(running.url('/health/live'), 200);
        const exit = await running.process.stop('SIGTERM');
        expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
        expect(exit.ms).toBeLessThan(8000);
        expect(running.process.output).toContain('stopped');
      } finally {
        await running.process.kill();
      }
    });
  });
});
