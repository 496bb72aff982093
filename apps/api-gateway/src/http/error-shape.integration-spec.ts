import { type TestDatabase, type TestRedisServer, waitFor } from '@platform/testing';
import type { GatewayUnderTest } from '../test-support/gateway-harness';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

// The one error body, request ids, security headers and CORS, against a real Postgres and Redis.
describe('HTTP errors and hardening', () => {
  let bed: GatewayTestBed;
  let db: TestDatabase;
  let redis: TestRedisServer;
  let gateway: GatewayUnderTest;
  const expectErrorShape = (body: Record<string, unknown>, statusCode: number, code: string) => {
    expect(body).toMatchObject({
      statusCode,
      code,
      message: expect.any(String),
      correlationId: expect.any(String),
    });
    expect(
      Object.keys(body).every((key) =>
        ['statusCode', 'code', 'message', 'errors', 'correlationId'].includes(key),
      ),
    ).toBe(true);
  };

  beforeAll(async () => {
    bed = await startGatewayTestBed({
      BODY_LIMIT: '2kb',
      CORS_ORIGINS: 'https://app.example.com',
    });
    ({ db, redis, gateway } = bed);
  });

  afterAll(() => bed?.close());

  it('malformed JSON is a 400 in the error shape, not a 500', async () => {
    const answer = await gateway.api.post('/auth/login', { rawBody: '{"email": "a@b.c", ' });
    expect(answer.status).toBe(400);
    expectErrorShape(answer.body, 400, 'malformed_json');
    expect(answer.body.correlationId).toBe(answer.headers.get('x-request-id'));
  });

  it('a body over BODY_LIMIT is a 413', async () => {
    const answer = await gateway.api.post('/auth/register', {
      body: { email: 'big@example.com', password: 'x'.repeat(5000) },
    });
    expect(answer.status).toBe(413);
    expectErrorShape(answer.body, 413, 'payload_too_large');
    expect(answer.body.message).toContain('2kb');
  });

  it('an unknown field is a 400 that names it; every field error says field and reason', async () => {
    const answer = await gateway.api.post('/auth/register', {
      body: { email: 'x@example.com', password: 'long enough password', nickname: 'x' },
    });
    expect(answer.status).toBe(400);
    expectErrorShape(answer.body, 400, 'validation_failed');
    expect(answer.body.errors).toEqual([{ field: 'nickname', message: 'unknown field' }]);
  });

  it('a missing body is reported on the body as a whole', async () => {
    const answer = await gateway.api.post('/auth/register');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'body', message: expect.stringContaining('expected object') },
    ]);
  });

  it('an unknown route is a 404 in the same shape', async () => {
    const answer = await gateway.api.get('/no/such/route');
    expect(answer.status).toBe(404);
    expectErrorShape(answer.body, 404, 'not_found');
  });

  it('every response carries X-Request-Id: a sane one from the client is kept, anything else replaced', async () => {
    const kept = await gateway.api.get('/docs/openapi.json', {
      headers: { 'x-request-id': 'client-req.42' },
    });
    expect(kept.headers.get('x-request-id')).toBe('client-req.42');
    const replaced = await gateway.api.get('/nope', {
      headers: { 'x-request-id': 'evil\tid <script>' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(replaced.body.correlationId).toBe(replaced.headers.get('x-request-id'));
    const generated = await gateway.api.get('/health/live');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends helmet security headers', async () => {
    const answer = await gateway.api.get('/docs/openapi.json');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('content-security-policy')).not.toContain(
      'upgrade-insecure-requests',
    );
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });

  it('a GET answer carries a weak ETag, and a matching If-None-Match gets a 304 without a body', async () => {
    const first = await gateway.api.get('/docs/openapi.json');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    // fetch adds Cache-Control: no-cache to a conditional request unless one is given
    const again = await gateway.api.get('/docs/openapi.json', {
      headers: { 'if-none-match': etag ?? '', 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('CORS answers only the configured origins', async () => {
    const allowed = await gateway.api.get('/docs/openapi.json', {
      headers: { origin: 'https://app.example.com' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const other = await gateway.api.get('/docs/openapi.json', {
      headers: { origin: 'https://evil.example.com' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await gateway.api.call('OPTIONS', '/auth/login', {
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
  });

  it('an internal error is a generic 500 whose correlationId is in the log, with no stack or detail for the client', async () => {
    const token = await gateway.api.signIn('internal@example.com');
    await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
    await db.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
      db.name,
    ]);
    try {
      const answer = await gateway.api.get('/auth/me', {
        token,
        headers: { 'x-request-id': 'trace-500' },
      });
      expect(answer.status).toBe(500);
      expectErrorShape(answer.body, 500, 'internal');
      expect(answer.body.correlationId).toBe('trace-500');
      expect(answer.text).not.toMatch(/ at |database|postgres|\.ts|\.js/i);
      // the database's own words: a new connection refused, or (when the pool hands out a
      // connection before it has heard of the termination, as under load) the terminated one
      const logged = gateway.logs.lines.find((line) => line.includes('trace-500'));
      expect(logged).toMatch(
        /^ERROR .*internal error.*GET \/auth\/me[\s\S]*(not currently accepting connections|terminating connection due to administrator command)/,
      );
    } finally {
      await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
    }
    expect((await gateway.api.get('/auth/me', { token })).status).toBe(200);
  });

  it('while Redis is down requests get a 503 (never hang), and recover by themselves', async () => {
    const token = await gateway.api.signIn('redis-down@example.com');
    await redis.stop();
    try {
      const answer = await gateway.api.get('/auth/me', { token });
      expect(answer.status).toBe(503);
      expectErrorShape(answer.body, 503, 'service_unavailable');
    } finally {
      await redis.start();
    }
    // a restarted Redis has lost the sessions (no persistence here): sign in again
    await waitFor(
      'the gateway to use Redis again',
      async () => (await gateway.api.get('/docs')).status === 200,
      {
        timeoutMs: 10000,
        intervalMs: 200,
      },
    );
    const fresh = await gateway.api.signIn('redis-back@example.com');
    expect((await gateway.api.get('/auth/me', { token: fresh })).status).toBe(200);
  });
});
