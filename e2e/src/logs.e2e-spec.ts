import { runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  seedBot,
  seedUser,
  type TestDatabase,
  TestRedisServer,
  waitFor,
  waitForStatus,
  withPgClient,
} from '@platform/testing';
import { type RunningService, startService } from './support/cluster';

type Line = Record<string, unknown>;

/** Every line of a service's output as JSON (a line that is not JSON fails the test). */
const jsonLines = (output: string): Line[] =>
  output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Line;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });

// LOG_FORMAT=json as a log collector reads it: one JSON object per line, each with its level,
// time and service, the ids of what it is about (request, user, worker, bot), and no secret.
describe('structured logs (LOG_FORMAT=json)', () => {
  let db: TestDatabase;
  let redis: TestRedisServer;
  const services: RunningService[] = [];
  const json = { LOG_FORMAT: 'json', LOG_LEVEL: 'debug' };

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(runMigrations), TestRedisServer.start()]);
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.process.kill()));
    await redis?.stop();
    await db?.drop();
  });

  const start = async (service: 'api-gateway' | 'bot-worker') => {
    const running = await startService(service, { databaseUrl: db.url, redisUrl: redis.url }, json);
    services.push(running);
    await waitForStatus(running.url('/health/live'), 200);
    return running;
  };

  it('gateway: a line per request with its request id and user; passwords and tokens absent', async () => {
    const gateway = await start('api-gateway');
    const api = new ApiClient(gateway.baseUrl);
    const password = 'a password for the logs test';
    const token = await api.signIn('logged@example.com', password);
    const wrong = await api.post('/auth/login', {
      body: { email: 'logged@example.com', password: 'not the password at all' },
      headers: { 'x-request-id': 'logs-e2e-wrong' },
    });
    expect(wrong.status).toBe(401);
    const me = await api.get('/auth/me', { token, headers: { 'x-request-id': 'logs-e2e-me' } });
    expect(me.status).toBe(200);
    expect(me.headers.get('x-request-id')).toBe('logs-e2e-me');
    // stopped first: every line written and flushed
    expect((await gateway.process.stop()).code).toBe(0);

    const lines = jsonLines(gateway.process.output);
    for (const line of lines) {
      expect(line).toMatchObject({
        service: 'api-gateway',
        level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        msg: expect.any(String),
      });
    }
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        context: 'http',
        req: 'logs-e2e-me',
        user: me.body.id,
        status: 200,
        msg: expect.stringMatching(/^GET \/auth\/me 200 \d+ ms$/),
      }),
    );
    const failed = lines.find((line) => line['req'] === 'logs-e2e-wrong');
    expect(failed).toMatchObject({
      status: 401,
      msg: expect.stringMatching(/^POST \/auth\/login 401/),
    });
    expect(failed).not.toHaveProperty('user');
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', msg: 'stopped' }));
    for (const secret of [password, 'not the password at all', token])
      expect(gateway.process.output).not.toContain(secret);
  });

  it("bot-worker: every line names the worker, a bot's lines name the bot", async () => {
    const botId = await withPgClient(db.url, async (sql) => {
      const user = await seedUser(sql);
      return (await seedBot(sql, { user, state: 'running' })).id;
    });
    const worker = await start('bot-worker');
    const claimed = await waitFor(
      'the claim line of the bot',
      () => jsonLines(worker.process.output).find((line) => line['bot'] === botId),
      { timeoutMs: 30_000 },
    );
    expect(claimed).toMatchObject({
      service: 'bot-worker',
      context: 'BotClaimer',
      level: 'debug',
      worker: expect.stringMatching(/^bot-worker-/),
      msg: expect.stringContaining(`claimed bot ${botId}`),
    });
    for (const line of jsonLines(worker.process.output))
      expect(line).toMatchObject({ service: 'bot-worker', worker: claimed['worker'] });
  });
});
