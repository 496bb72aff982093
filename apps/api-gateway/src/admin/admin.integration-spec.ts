import { type ApiClient, signInAsAdmin } from '@platform/testing';
import type { Client } from 'pg';
import { smaCrossBot } from '../test-support/bots';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { userIdOf } from '../test-support/users';

// The admin API over users (plans and roles) against a real Postgres and Redis.
describe('admin: users, plans and roles', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let admin: string;
  let adminId: string;
  const unknownId = '5b0c4c8e-2f6a-4d7e-9a51-0c1d2e3f4a5b';
  const idOf = (token: string) => userIdOf(api, token);
  const inAYear = () => new Date(Date.now() + 365 * 24 * 3600_000).toISOString();

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
    sql = await bed.connectSql();
    admin = await signInAsAdmin(api, sql, 'root@example.com');
    adminId = await idOf(admin);
  });

  afterAll(() => bed?.close());

  it('401 without a session, 403 for a user, on every admin route', async () => {
    const user = await api.signIn('curious@example.com');
    const userId = await idOf(user);
    for (const [method, path, body] of [
      ['GET', '/admin/users', undefined],
      ['GET', `/admin/users/${userId}`, undefined],
      ['PATCH', `/admin/users/${userId}/plan`, { plan: 'enterprise' }],
      ['PATCH', `/admin/users/${userId}/role`, { role: 'admin' }],
      ['PATCH', `/admin/users/${userId}/status`, { disabled: true }],
    ] as const) {
      expect((await api.call(method, path, { body })).status).toBe(401);
      const answer = await api.call(method, path, { token: user, body });
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({
        path,
        status: 403,
        code: 'forbidden',
      });
    }
    const { rows } = await sql.query(
      `SELECT u.role, s.plan FROM users u JOIN subscriptions s ON s.user_id = u.id WHERE u.id = $1`,
      [userId],
    );
    expect(rows[0]).toEqual({ role: 'user', plan: 'free' });
  });

  it('GET /admin/users/:id: the user with plan and usage; 404 unknown, 400 malformed', async () => {
    const token = await api.signIn('busy@example.com');
    const created = await api.post('/bots', { token, body: smaCrossBot('one') });
    await api.post(`/bots/${created.body.id}/start`, { token });
    await api.post('/bots', { token, body: smaCrossBot('two') });
    const answer = await api.get(`/admin/users/${await idOf(token)}`, { token: admin });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      id: await idOf(token),
      email: 'busy@example.com',
      role: 'user',
      createdAt: expect.any(String),
      disabled: false,
      disabledAt: null,
      disabledReason: null,
      subscription: {
        plan: 'free',
        validUntil: null,
        expired: false,
        maxRunningBots: 2,
        maxBots: 10,
        maxExchangeAccounts: 2,
      },
      usage: { bots: 2, runningBots: 1, exchangeAccounts: 0 },
    });
    const unknown = await api.get(`/admin/users/${unknownId}`, { token: admin });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'not_found', message: 'user not found' });
    const malformed = await api.get('/admin/users/42', { token: admin });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  it('GET /admin/users: newest first, in pages, searched by part of the email', async () => {
    for (let i = 0; i < 5; i++)
      await api.post('/auth/register', {
        body: { email: `page${i}@paged.example.org`, password: 'a long enough password' },
      });
    const first = await api.get('/admin/users?email=PAGED.example&limit=2', { token: admin });
    expect(first.status).toBe(200);
    expect(first.body.items.map((u: { email: string }) => u.email)).toEqual([
      'page4@paged.example.org',
      'page3@paged.example.org',
    ]);
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const next = await api.get(`/admin/users?email=paged.example&limit=2&cursor=${cursor}`, {
        token: admin,
      });
      seen.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    expect(seen.map((u) => u.email)).toEqual(
      [4, 3, 2, 1, 0].map((i) => `page${i}@paged.example.org`),
    );
    const everyone = await api.get('/admin/users?limit=200', { token: admin });
    expect(everyone.body.items.length).toBeGreaterThan(5);
    const bad = await api.get('/admin/users?limit=0&cursor=nonsense&sort=email', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'limit',
      'cursor',
      'sort',
    ]);
    const control = await api.get('/admin/users?email=a%00b', { token: admin });
    expect(control.status).toBe(400);
    expect(control.body.errors).toEqual([
      { field: 'email', message: expect.stringContaining('must not contain control characters') },
    ]);
  });

  it('PATCH /admin/users/:id/plan: the new limits apply to the very next start and create', async () => {
    const token = await api.signIn('upgrader@example.com');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await api.post('/bots', { token, body: smaCrossBot(`u${i}`) })).body.id);
    for (const id of ids.slice(0, 2))
      expect((await api.post(`/bots/${id}/start`, { token })).status).toBe(200);
    expect((await api.post(`/bots/${ids[2]}/start`, { token })).status).toBe(403);

    const validUntil = inAYear();
    const changed = await api.patch(`/admin/users/${await idOf(token)}/plan`, {
      token: admin,
      body: { plan: 'pro', validUntil },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.subscription).toEqual({
      plan: 'pro',
      validUntil,
      expired: false,
      maxRunningBots: 20,
      maxBots: 100,
      maxExchangeAccounts: 10,
    });
    // the same session, no sign-in again
    expect((await api.post(`/bots/${ids[2]}/start`, { token })).status).toBe(200);
    expect((await api.get('/auth/me', { token })).body.subscription).toMatchObject({
      plan: 'pro',
      maxRunningBots: 20,
    });

    // back to free: running bots above the limit keep running, new starts are refused
    const downgraded = await api.patch(`/admin/users/${await idOf(token)}/plan`, {
      token: admin,
      body: { plan: 'free' },
    });
    expect(downgraded.body.subscription).toMatchObject({ plan: 'free', validUntil: null });
    expect(downgraded.body.usage.runningBots).toBe(3);
    await api.post(`/bots/${ids[0]}/stop`, { token });
    const refused = await api.post(`/bots/${ids[0]}/start`, { token });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('free plan allows 2 running bots');
  });

  it('PATCH /admin/users/:id/plan gives a user without a subscription row one', async () => {
    const token = await api.signIn('planless@example.com');
    const userId = await idOf(token);
    await sql.query(`DELETE FROM subscriptions WHERE user_id = $1`, [userId]);
    expect((await api.get(`/admin/users/${userId}`, { token: admin })).body.subscription).toBe(
      null,
    );
    const answer = await api.patch(`/admin/users/${userId}/plan`, {
      token: admin,
      body: { plan: 'enterprise' },
    });
    expect(answer.body.subscription).toMatchObject({ plan: 'enterprise', maxRunningBots: 200 });
  });

  it('PATCH /admin/users/:id/plan: 400 naming the field, 404 for an unknown user', async () => {
    const userId = await idOf(await api.signIn('plan-errors@example.com'));
    const patch = (body: unknown, id = userId) =>
      api.patch(`/admin/users/${id}/plan`, { token: admin, body });
    const unknownPlan = await patch({ plan: 'gold' });
    expect(unknownPlan.status).toBe(400);
    expect(unknownPlan.body.errors).toEqual([
      { field: 'plan', message: expect.stringContaining('enterprise') },
    ]);
    const past = await patch({ plan: 'pro', validUntil: '2020-01-01T00:00:00Z' });
    expect(past.body.errors).toEqual([{ field: 'validUntil', message: 'must be in the future' }]);
    const notADate = await patch({ plan: 'pro', validUntil: 'next tuesday' });
    expect(notADate.body.errors).toEqual([
      { field: 'validUntil', message: expect.stringContaining('ISO 8601') },
    ]);
    const freeExpiring = await patch({ plan: 'free', validUntil: inAYear() });
    expect(freeExpiring.body.errors).toEqual([
      { field: 'validUntil', message: expect.stringContaining('free plan does not expire') },
    ]);
    const extra = await patch({ plan: 'pro', maxBots: 5000 });
    expect(extra.body.errors).toEqual([{ field: 'maxBots', message: 'unknown field' }]);
    const unknown = await patch({ plan: 'pro' }, unknownId);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
  });

  it('PATCH /admin/users/:id/role: ends the user’s sessions so the new role applies', async () => {
    const token = await api.signIn('promoted@example.com');
    const userId = await idOf(token);
    const promoted = await api.patch(`/admin/users/${userId}/role`, {
      token: admin,
      body: { role: 'admin' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('admin');
    expect((await api.get('/auth/me', { token })).status).toBe(401);
    const fresh = await api.signIn('promoted@example.com');
    expect((await api.get('/admin/users', { token: fresh })).status).toBe(200);

    const demoted = await api.patch(`/admin/users/${userId}/role`, {
      token: admin,
      body: { role: 'user' },
    });
    expect(demoted.body.role).toBe('user');
    expect((await api.get('/admin/users', { token: fresh })).status).toBe(401);
    const again = await api.signIn('promoted@example.com');
    expect((await api.get('/admin/users', { token: again })).status).toBe(403);
  });

  it('PATCH /admin/users/:id/role: 409 for an admin’s own role, 404 unknown, 400 unknown role', async () => {
    const self = await api.patch(`/admin/users/${adminId}/role`, {
      token: admin,
      body: { role: 'user' },
    });
    expect(self.status).toBe(409);
    expect(self.body.message).toContain('your own admin role');
    expect((await api.get('/admin/users', { token: admin })).status).toBe(200);
    const unknown = await api.patch(`/admin/users/${unknownId}/role`, {
      token: admin,
      body: { role: 'admin' },
    });
    expect(unknown.status).toBe(404);
    const bad = await api.patch(`/admin/users/${adminId}/role`, {
      token: admin,
      body: { role: 'root' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'role', message: expect.any(String) }]);
  });

  it('the OpenAPI document lists the plans and their limits', async () => {
    const document = (await api.get('/docs/openapi.json')).body;
    expect(document.info.description).toContain(
      '| plan | running bots | stored bots | exchange accounts |',
    );
    expect(document.info.description).toContain('| free | 2 | 10 | 2 |');
    expect(document.info.description).toContain('| pro | 20 | 100 | 10 |');
    expect(document.info.description).toContain('| enterprise | 200 | 1000 | 50 |');
  });
});
