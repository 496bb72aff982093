import type { ApiClient } from '@platform/testing';
import type Redis from 'ioredis';
import type { Client } from 'pg';
import { pairLoginFailuresKey, pairLoginWaitKey } from '../redis/gateway-keys';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

// Accounts, sign-in, sessions in Redis and sign-in throttling, against a real Postgres and Redis.
describe('auth', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let redisClient: Redis;
  const password = 'correct horse battery staple';
  /** Requests from a client address of their own (the gateway trusts X-Forwarded-For from loopback). */
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  beforeAll(async () => {
    bed = await startGatewayTestBed({
      TRUST_PROXY: 'loopback',
      SESSION_TTL_SECONDS: '3600',
      LOGIN_FAILURES_PER_PAIR: '3',
      LOGIN_FAILURES_PER_ACCOUNT: '10',
      LOGIN_FAILURES_PER_IP: '8',
      LOGIN_FAILURE_WINDOW_SECONDS: '600',
      LOGIN_MAX_DELAY_SECONDS: '60',
    });
    api = bed.api;
    sql = await bed.connectSql();
    redisClient = bed.connectRedis();
  });

  afterAll(() => bed?.close());

  describe('POST /auth/register', () => {
    it('creates a user (email lower-cased) on the free plan, with an argon2id hash', async () => {
      const answer = await api.post('/auth/register', {
        body: { email: '  Ann@Example.COM ', password },
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({
        id: expect.any(String),
        email: 'ann@example.com',
        role: 'user',
      });
      const { rows } = await sql.query(
        `SELECT u.password_hash, s.plan, s.max_running_bots FROM users u JOIN subscriptions s ON s.user_id = u.id WHERE u.id = $1`,
        [answer.body.id],
      );
      expect(rows[0]).toMatchObject({ plan: 'free', max_running_bots: expect.any(Number) });
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
      expect(rows[0].password_hash).not.toContain(password);
    });

    it('409 for an email that exists, whatever its case', async () => {
      await api.post('/auth/register', { body: { email: 'dup@example.com', password } });
      const answer = await api.post('/auth/register', {
        body: { email: 'DUP@example.com', password },
      });
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('already exists'),
      });
    });

    it('400 naming each bad field and why', async () => {
      const answer = await api.post('/auth/register', {
        body: { email: 'not-an-email', password: 'short' },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors).toEqual([
        { field: 'email', message: 'must be an email address' },
        { field: 'password', message: 'must have at least 10 characters' },
      ]);
      const long = await api.post('/auth/register', {
        body: { email: 'l@example.com', password: 'x'.repeat(201) },
      });
      expect(long.body.errors).toEqual([
        { field: 'password', message: 'must have at most 200 characters' },
      ]);
      const missing = await api.post('/auth/register', { body: { email: 'm@example.com' } });
      expect(missing.body.errors).toEqual([
        { field: 'password', message: expect.stringContaining('expected string') },
      ]);
    });
  });

  describe('POST /auth/login', () => {
    it('returns an opaque token, its expiry and the user; Redis keeps only the token hash', async () => {
      await api.post('/auth/register', { body: { email: 'login@example.com', password } });
      const answer = await api.post('/auth/login', {
        body: { email: 'LOGIN@example.com', password },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expiresAt: expect.any(String),
        user: { id: expect.any(String), email: 'login@example.com', role: 'user' },
      });
      const ttlMs = Date.parse(answer.body.expiresAt) - Date.now();
      expect(ttlMs).toBeGreaterThan(3500_000);
      expect(ttlMs).toBeLessThanOrEqual(3600_000);

      const keys = await redisClient.keys('*');
      expect(keys.some((key) => key.includes(answer.body.token))).toBe(false);
      const sessionKeys = keys.filter((key) => key.startsWith('gw:session:'));
      const values = await Promise.all(sessionKeys.map((key) => redisClient.get(key)));
      expect(values.some((value) => value?.includes(answer.body.token))).toBe(false);
      expect(values.map((value) => JSON.parse(value ?? '{}'))).toContainEqual({
        userId: answer.body.user.id,
        role: 'user',
      });
      const ttl = await redisClient.ttl(sessionKeys[0]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3600);
    });

    it('a wrong password and an unknown email get the same 401', async () => {
      await api.post('/auth/register', { body: { email: 'same@example.com', password } });
      const wrong = await api.post('/auth/login', {
        body: { email: 'same@example.com', password: 'not the password' },
        headers: from('10.1.0.1'),
      });
      const unknown = await api.post('/auth/login', {
        body: { email: 'nobody@example.com', password },
        headers: from('10.1.0.1'),
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual({ ...unknown.body, correlationId: wrong.body.correlationId });
      expect(unknown.body).toMatchObject({
        statusCode: 401,
        code: 'unauthenticated',
        message: 'email or password is wrong',
      });
    });

    it('400 for a missing password or an unknown field', async () => {
      const answer = await api.post('/auth/login', {
        body: { email: 'x@example.com', remember: true },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { field: 'password', message: expect.stringContaining('expected string') },
        { field: 'remember', message: 'unknown field' },
      ]);
    });
  });

  describe('GET /auth/me', () => {
    it('the signed-in user with the plan', async () => {
      const token = await api.signIn('me@example.com', password);
      const answer = await api.get('/auth/me', { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        email: 'me@example.com',
        role: 'user',
        createdAt: expect.any(String),
        subscription: { plan: 'free', maxRunningBots: expect.any(Number), validUntil: null },
      });
    });

    it('401 without a token, with a malformed one and with an unknown one', async () => {
      const none = await api.get('/auth/me');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(none.body).toMatchObject({
        code: 'unauthenticated',
        message: expect.stringContaining('sign in first'),
      });
      for (const header of ['Bearer nonsense', 'Basic dXNlcjpwYXNz', `Bearer ${'A'.repeat(43)}`]) {
        const answer = await api.get('/auth/me', { headers: { authorization: header } });
        expect(answer.status).toBe(401);
        expect(answer.body.message).toContain('expired or was revoked');
      }
    });
  });

  describe('POST /auth/logout', () => {
    it('ends this session only', async () => {
      const first = await api.signIn('logout@example.com', password);
      const second = await api.signIn('logout@example.com', password);
      const answer = await api.post('/auth/logout', { token: first });
      expect(answer.status).toBe(204);
      expect((await api.get('/auth/me', { token: first })).status).toBe(401);
      expect((await api.get('/auth/me', { token: second })).status).toBe(200);
    });

    it('401 without a session', async () => {
      expect((await api.post('/auth/logout')).status).toBe(401);
    });
  });

  describe('POST /auth/password', () => {
    it('changes the password, ends every session including this one, and returns a new token', async () => {
      const current = await api.signIn('pw@example.com', password);
      const other = await api.signIn('pw@example.com', password);
      const answer = await api.post('/auth/password', {
        token: current,
        body: { currentPassword: password, newPassword: 'a brand new passphrase' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        token: expect.any(String),
        user: { email: 'pw@example.com' },
      });
      expect((await api.get('/auth/me', { token: current })).status).toBe(401);
      expect((await api.get('/auth/me', { token: other })).status).toBe(401);
      expect((await api.get('/auth/me', { token: answer.body.token })).status).toBe(200);
      const old = await api.post('/auth/login', {
        body: { email: 'pw@example.com', password },
        headers: from('10.2.0.1'),
      });
      expect(old.status).toBe(401);
      const fresh = await api.post('/auth/login', {
        body: { email: 'pw@example.com', password: 'a brand new passphrase' },
      });
      expect(fresh.status).toBe(200);
    });

    it('400 naming currentPassword when it is wrong, newPassword when it is too short; sessions stay', async () => {
      const token = await api.signIn('pw-bad@example.com', password);
      const wrong = await api.post('/auth/password', {
        token,
        body: { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' },
        headers: from('10.3.0.1'),
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([
        { field: 'currentPassword', message: 'is not your current password' },
      ]);
      const short = await api.post('/auth/password', {
        token,
        body: { currentPassword: password, newPassword: 'short' },
      });
      expect(short.body.errors).toEqual([
        { field: 'newPassword', message: 'must have at least 10 characters' },
      ]);
      expect((await api.get('/auth/me', { token })).status).toBe(200);
    });

    it('401 without a session', async () => {
      const answer = await api.post('/auth/password', {
        body: { currentPassword: password, newPassword: 'whatever long' },
      });
      expect(answer.status).toBe(401);
    });
  });

  describe('sign-in throttling', () => {
    const login = (email: string, pass: string, ip: string) =>
      api.post('/auth/login', { body: { email, password: pass }, headers: from(ip) });
    const retryAfter = (answer: { headers: Headers }) => Number(answer.headers.get('retry-after'));
    /** Lets the pair's wait pass at once (as if its Retry-After had elapsed), without sleeping. */
    const waitIsOver = (email: string, ip: string) => redisClient.del(pairLoginWaitKey(email, ip));

    it('an attacker failing 20 times from one address does not lock the owner out of another', async () => {
      await api.post('/auth/register', { body: { email: 'victim@example.com', password } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++)
        statuses.push((await login('victim@example.com', `guess ${i} guess`, '10.4.0.1')).status);
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses[3]).toBe(429);
      expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
      // even the right password waits at the attacker's address...
      expect((await login('victim@example.com', password, '10.4.0.1')).status).toBe(429);
      // ...but not at the owner's
      expect((await login('victim@example.com', password, '10.4.0.2')).status).toBe(200);
    });

    it('per pair: after 3 failures the waits grow 1 s, 2 s, 4 s ... up to the cap; 429 with Retry-After', async () => {
      const [email, ip] = ['slow@example.com', '10.5.0.1'];
      await api.post('/auth/register', { body: { email, password } });
      for (let i = 0; i < 3; i++) expect((await login(email, 'guess guess', ip)).status).toBe(401);
      const waits: number[] = [];
      for (let step = 0; step < 3; step++) {
        const blocked = await login(email, password, ip);
        expect(blocked.status).toBe(429);
        expect(blocked.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
        waits.push(retryAfter(blocked));
        await waitIsOver(email, ip);
        expect((await login(email, 'guess guess', ip)).status).toBe(401);
      }
      expect(waits).toEqual([1, 2, 4]);
      // far down the road the wait stops growing at LOGIN_MAX_DELAY_SECONDS
      await redisClient.set(pairLoginFailuresKey(email, ip), '40', 'EX', 600);
      await waitIsOver(email, ip);
      expect((await login(email, 'guess guess', ip)).status).toBe(401);
      expect(retryAfter(await login(email, password, ip))).toBe(60);
    });

    it('per pair: a success clears the pair’s failures', async () => {
      const [email, ip] = ['forgetful@example.com', '10.6.0.1'];
      await api.post('/auth/register', { body: { email, password } });
      for (let i = 0; i < 2; i++) expect((await login(email, 'oops oops', ip)).status).toBe(401);
      expect((await login(email, password, ip)).status).toBe(200);
      for (let i = 0; i < 2; i++) expect((await login(email, 'oops oops', ip)).status).toBe(401);
      expect((await login(email, password, ip)).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await login(email, 'oops oops', ip)).status).toBe(401);
      expect((await login(email, password, ip)).status).toBe(429);
    });

    it('unknown emails are throttled the same way (no way to tell which exist)', async () => {
      for (let i = 0; i < 3; i++)
        expect((await login('ghost@example.com', 'guess guess', '10.5.1.1')).status).toBe(401);
      const blocked = await login('ghost@example.com', 'guess guess', '10.5.1.1');
      expect(blocked.status).toBe(429);
      expect(retryAfter(blocked)).toBe(1);
    });

    it('many addresses on one account: past its cap, new addresses get one try per max delay; the owner still signs in', async () => {
      const email = 'besieged@example.com';
      await api.post('/auth/register', { body: { email, password } });
      expect((await login(email, password, '10.8.9.1')).status).toBe(200); // the owner's usual address
      for (let i = 1; i <= 12; i++)
        expect((await login(email, 'guess guess', `10.8.0.${i}`)).status).toBe(401);
      // a new attacker address: one attempt, then the longest wait
      expect((await login(email, 'guess guess', '10.8.1.1')).status).toBe(401);
      const slowed = await login(email, 'guess guess', '10.8.1.1');
      expect(slowed.status).toBe(429);
      expect(retryAfter(slowed)).toBe(60);
      // the owner, from a new address, still gets in on the first try
      expect((await login(email, password, '10.8.2.1')).status).toBe(200);
      // and from the usual address keeps the normal allowance for typos
      expect((await login(email, 'typo typo', '10.8.9.1')).status).toBe(401);
      expect((await login(email, password, '10.8.9.1')).status).toBe(200);
    });

    it('per address: after 8 failures over any accounts, that address gets 429; others do not', async () => {
      for (let i = 0; i < 8; i++)
        expect((await login(`spray${i}@example.com`, 'guess guess', '10.7.0.1')).status).toBe(401);
      const blocked = await login('spray-next@example.com', 'guess guess', '10.7.0.1');
      expect(blocked.status).toBe(429);
      expect(retryAfter(blocked)).toBeGreaterThan(0);
      expect((await login('spray-next@example.com', 'guess guess', '10.7.0.2')).status).toBe(401);
    });

    it('a wrong current password on POST /auth/password counts for the pair as well', async () => {
      const token = await api.signIn('pw-guess@example.com', password, from('10.9.0.1'));
      for (let i = 0; i < 3; i++) {
        const wrong = await api.post('/auth/password', {
          token,
          body: { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' },
          headers: from('10.9.0.1'),
        });
        expect(wrong.status).toBe(400);
      }
      const blocked = await api.post('/auth/password', {
        token,
        body: { currentPassword: password, newPassword: 'a brand new passphrase' },
        headers: from('10.9.0.1'),
      });
      expect(blocked.status).toBe(429);
    });
  });
});
