import { randomBytes } from 'node:crypto';
import { runMigrations } from '@platform/persistence';
import {
  type ApiClient,
  createTestDatabase,
  type TestDatabase,
  TestRedisServer,
} from '@platform/testing';
import { type GatewayUnderTest, startGateway } from '../test-support/gateway-harness';

// Control characters in a text field are the client's mistake, answered at the field with a
// 400: a NUL used to reach Postgres (which cannot store it in text) and come back as a 500.
describe('control characters in text fields', () => {
  let db: TestDatabase;
  let redis: TestRedisServer;
  let gateway: GatewayUnderTest;
  let api: ApiClient;
  let token: string;
  let botId: string;
  const bot = (name: string) => ({
    name,
    exchangeId: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1m',
    strategy: 'dca',
    params: { quotePerBuy: 10, intervalSeconds: 60, takeProfitPct: 5 },
  });
  const account = (label: string) => ({
    exchangeId: 'binance',
    label,
    apiKey: 'A'.repeat(64),
    secret: 'b'.repeat(64),
  });

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(runMigrations), TestRedisServer.start()]);
    gateway = await startGateway({
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    });
    api = gateway.api;
    token = await api.signIn('texts@example.com');
    botId = (await api.post('/bots', { token, body: bot('plain') })).body.id;
  });

  afterAll(async () => {
    await gateway?.close();
    await redis?.stop();
    await db?.drop();
  });

  const cases: [string, (value: string) => Promise<{ status: number; body: unknown }>][] = [
    ['POST /bots name', (value) => api.post('/bots', { token, body: bot(value) })],
    [
      'PATCH /bots/:id name',
      (value) => api.patch(`/bots/${botId}`, { token, body: { name: value } }),
    ],
    [
      'POST /exchange-accounts label',
      (value) => api.post('/exchange-accounts', { token, body: account(value) }),
    ],
    [
      'POST /auth/login email',
      (value) =>
        api.post('/auth/login', { body: { email: value, password: 'a long enough password' } }),
    ],
    [
      'POST /auth/register email',
      (value) =>
        api.post('/auth/register', { body: { email: value, password: 'a long enough password' } }),
    ],
  ];
  const field = (name: string) => name.split(' ').at(-1) as string;

  it.each(cases)('a NUL in %s is a 400 at that field', async (name, send) => {
    const answer = await send(name.includes('email') ? 'ann\u0000@example.com' : 'my\u0000bot');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: field(name), message: expect.stringContaining('control characters') }],
    });
  });

  it.each([
    ['DEL', '\u007f'],
    ['an escape (C0)', '\u001b[31m'],
    ['a C1 control', '\u0085'],
    ['a tab inside', 'a\tb'],
    ['a line break inside', 'a\nb'],
  ])('%s in a bot name is a 400 too', async (_what, inside) => {
    const answer = await api.post('/bots', { token, body: bot(`x${inside}y`) });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
  });

  it('whitespace around a name is trimmed, and any printable Unicode is kept', async () => {
    const name = '  Ünïcödé 🚀 بوت \u202e  \n';
    const answer = await api.post('/bots', { token, body: bot(name) });
    expect(answer.status).toBe(201);
    expect(answer.body.name).toBe('Ünïcödé 🚀 بوت \u202e');
    const label = await api.post('/exchange-accounts', { token, body: account(' main\t') });
    expect(label.status).toBe(201);
    expect(label.body.label).toBe('main');
  });
});
