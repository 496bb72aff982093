import { runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  type TestDatabase,
  TestRedisServer,
  waitForStatus,
} from '@platform/testing';
import { type RunningService, startService } from './support/cluster';

// Two gateway processes behind an imaginary load balancer, sharing Postgres and Redis: a
// session, its revocation, the rate limits and the sign-in throttle hold across both.
describe('two gateways share sessions and limits', () => {
  let db: TestDatabase;
  let redis: TestRedisServer;
  let gateways: RunningService[] = [];
  let a: ApiClient;
  let b: ApiClient;
  const password = 'correct horse battery staple';
  /** Each test is a client of its own address (the gateways trust X-Forwarded-For from loopback). */
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(runMigrations), TestRedisServer.start()]);
    const env = {
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_PER_USER_PER_MIN: '10',
      RATE_LIMIT_PER_IP_PER_MIN: '30',
      LOGIN_FAILURES_PER_PAIR: '3',
    };
    gateways = await Promise.all(
      [1, 2].map(() =>
        startService('api-gateway', { databaseUrl: db.url, redisUrl: redis.url }, env),
      ),
    );
    await Promise.all(gateways.map((g) => waitForStatus(g.url('/health/live'), 200)));
    [a, b] = gateways.map((g) => new ApiClient(g.baseUrl));
  });

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.process.kill()));
    await redis?.stop();
    await db?.drop();
  });

  it('a token from one gateway works on the other; logging out on either ends it on both', async () => {
    const headers = from('203.0.113.1');
    const token = await a.signIn('roaming@example.com', password, headers);
    expect((await b.call('GET', '/auth/me', { token, headers })).body.email).toBe(
      'roaming@example.com',
    );
    expect((await b.call('POST', '/auth/logout', { token, headers })).status).toBe(204);
    expect((await a.call('GET', '/auth/me', { token, headers })).status).toBe(401);
    expect((await b.call('GET', '/auth/me', { token, headers })).status).toBe(401);
  });

  it('a password change on one gateway ends every session on both, including the current one', async () => {
    const headers = from('203.0.113.2');
    const onA = await a.signIn('changer@example.com', password, headers);
    const onB = await b.signIn('changer@example.com', password, headers);
    const changed = await a.call('POST', '/auth/password', {
      token: onA,
      headers,
      body: { currentPassword: password, newPassword: 'a whole new passphrase' },
    });
    expect(changed.status).toBe(200);
    for (const api of [a, b])
      for (const token of [onA, onB])
        expect((await api.call('GET', '/auth/me', { token, headers })).status).toBe(401);
    expect((await b.call('GET', '/auth/me', { token: changed.body.token, headers })).status).toBe(
      200,
    );
  });

  it('the per-user limit is one budget over both gateways', async () => {
    const token = await a.signIn('chatty@example.com', password, from('203.0.113.3'));
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const api = i % 2 === 0 ? a : b;
      statuses.push(
        (await api.call('GET', '/auth/me', { token, headers: from(`203.0.113.${10 + i}`) })).status,
      );
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    const limited = await a.call('GET', '/auth/me', { token, headers: from('203.0.113.40') });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('the per-address limit is one budget over both gateways', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const api = i % 2 === 0 ? a : b;
      statuses.push(
        (await api.call('GET', '/docs/openapi.json', { headers: from('203.0.113.50') })).status,
      );
    }
    expect(statuses).toEqual([...Array(30).fill(200), 429]);
    const limited = await b.call('GET', '/docs/openapi.json', { headers: from('203.0.113.50') });
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (await b.call('GET', '/health/ready', { headers: from('203.0.113.50') })).headers.get(
        'ratelimit-limit',
      ),
    ).toBeNull();
  });

  it('failed sign-ins are counted across both gateways', async () => {
    const headers = from('203.0.113.60');
    await a.call('POST', '/auth/register', {
      body: { email: 'guessed@example.com', password },
      headers,
    });
    const attempt = (api: ApiClient, pass: string) =>
      api.call('POST', '/auth/login', {
        body: { email: 'guessed@example.com', password: pass },
        headers,
      });
    expect((await attempt(a, 'guess one!')).status).toBe(401);
    expect((await attempt(b, 'guess two!')).status).toBe(401);
    expect((await attempt(a, 'guess three')).status).toBe(401);
    const blocked = await attempt(b, password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('neither gateway crashed', () => {
    for (const gateway of gateways) expect(gateway.process.running).toBe(true);
  });
});
