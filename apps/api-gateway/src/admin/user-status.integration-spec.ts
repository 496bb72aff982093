import { type ApiClient, signInAsAdmin, waitFor } from '@platform/testing';
import type Redis from 'ioredis';
import type { Client } from 'pg';
import { SessionStore } from '../auth/session-store';
import { hashSessionToken, newSessionToken } from '../auth/session-token';
import { sessionKey } from '../redis/gateway-keys';
import { CONTROL_CHARACTER, naughtyStrings } from '../fuzz/naughty-strings';
import { createBot, smaCrossBot } from '../test-support/bots';
import { type GatewayUnderTest, startGateway } from '../test-support/gateway-harness';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { signUpAndSignIn } from '../test-support/users';
import { subscribeWhenReady } from '@platform/redis';

const password = 'a long enough password';

// PATCH /admin/users/:id/status against a real Postgres and Redis, with a second gateway
// replica on both: what a disable ends, stops and refuses, and what an enable gives back.
describe('admin: disabling and enabling a user', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let replica: GatewayUnderTest;
  let sql: Client;
  let redis: Redis;
  let admin: string;
  let adminId: string;
  const unknownId = '5b0c4c8e-2f6a-4d7e-9a51-0c1d2e3f4a5b';

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
    replica = await startGateway({ DATABASE_URL: bed.db.url, REDIS_URL: bed.redis.url });
    sql = await bed.connectSql();
    redis = bed.connectRedis();
    admin = await signInAsAdmin(api, sql, 'root@example.com');
    adminId = (await api.get('/auth/me', { token: admin })).body.id;
  });

  afterAll(async () => {
    await replica?.close();
    await bed?.close();
  });

  const setStatus = (id: string, body: unknown, token = admin) =>
    api.patch(`/admin/users/${id}/status`, { token, body });
  const login = (email: string, pass = password) =>
    api.post('/auth/login', { body: { email, password: pass } });
  const desiredStates = async (userId: string) =>
    (
      await sql.query(`SELECT desired_state FROM bots WHERE user_id = $1 ORDER BY name`, [userId])
    ).rows.map((row) => row.desired_state);

  it('disable: sessions end on every replica, running bots stop (event, hint), sign-in is refused', async () => {
    const email = 'disabled@example.com';
    const { token, id } = await signUpAndSignIn(api, email);
    const onReplica = await replica.api.signIn(email);
    const bots = [];
    for (const name of ['a', 'b', 'c']) bots.push(await createBot(api, token, smaCrossBot(name)));
    for (const bot of bots.slice(0, 2)) await api.post(`/bots/${bot}/start`, { token });
    const hints: string[] = [];
    const listener = bed.connectRedis();
    await subscribeWhenReady(listener, { channels: ['bots.changed'] });
    listener.on('message', (_channel, message) => hints.push(message));

    const answer = await setStatus(id, { disabled: true, reason: '  chargeback on card  ' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id,
      email,
      disabled: true,
      disabledAt: expect.any(String),
      disabledReason: 'chargeback on card',
      usage: { bots: 3, runningBots: 0 },
      stoppedBots: 2,
      endedSessions: 2,
    });
    // both sessions, whichever replica issued them, on both replicas
    for (const client of [api, replica.api])
      for (const session of [token, onReplica])
        expect((await client.get('/auth/me', { token: session })).status).toBe(401);
    expect(await desiredStates(id)).toEqual(['stopped', 'stopped', 'stopped']);
    const events = await sql.query(
      `SELECT bot_id, type, message, fence_token FROM bot_events
        WHERE bot_id = ANY($1) AND type = 'bot.stopped' ORDER BY bot_id`,
      [bots],
    );
    expect(events.rows).toEqual(
      bots
        .slice(0, 2)
        .sort()
        .map((bot_id) => ({
          bot_id,
          type: 'bot.stopped',
          message: 'stopped: an admin disabled the account',
          fence_token: null,
        })),
    );
    const hint = await waitFor('the bots.changed hint', () =>
      hints.map((message) => JSON.parse(message)).find((m) => m.data?.reason === 'user disabled'),
    );
    expect([...hint.data.botIds].sort()).toEqual(bots.slice(0, 2).sort());

    // the right password learns that the account is disabled; a wrong one learns nothing
    const refused = await login(email);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'account_disabled',
      message: expect.stringContaining('this account is disabled'),
    });
    expect(refused.body.message).not.toContain('chargeback');
    const wrong = await login(email, 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('email or password is wrong');
    expect((await replica.api.post('/auth/login', { body: { email, password } })).status).toBe(403);

    // the admin's views show it
    expect((await api.get(`/admin/users/${id}`, { token: admin })).body).toMatchObject({
      disabled: true,
      disabledReason: 'chargeback on card',
    });
    const listed = await api.get(`/admin/users?email=${email}`, { token: admin });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id, disabled: true, disabledAt: answer.body.disabledAt }),
    ]);
  });

  it('a session that outlived the disable (restored, raced) is a 401; sign-in with the right password never counts as a failure', async () => {
    const email = 'survivor@example.com';
    const { id } = await signUpAndSignIn(api, email);
    expect((await setStatus(id, { disabled: true })).body).toMatchObject({
      disabled: true,
      disabledReason: null,
    });
    // a session that exists in Redis although the user is disabled
    const token = newSessionToken();
    await redis.set(
      sessionKey(hashSessionToken(token)),
      JSON.stringify({ userId: id, role: 'user' }),
    );
    const answer = await api.get('/auth/me', { token });
    expect(answer.status).toBe(401);
    expect(answer.body.message).toContain('expired or was revoked');
    expect((await replica.api.get('/bots', { token })).status).toBe(401);

    // a sign-in that read the account just before the disable gets no session after it
    expect(await bed.gateway.app.get(SessionStore).create(id, 'user')).toBeNull();

    // more right-password attempts than LOGIN_FAILURES_PER_PAIR (5): no wait, each one a 403
    for (let i = 0; i < 7; i++) expect((await login(email)).status).toBe(403);

    // enabled again, that very session is let in: the disable is what refused it
    await setStatus(id, { disabled: false });
    expect((await api.get('/auth/me', { token })).status).toBe(200);
  });

  it('enable: the user signs in again, the bots stay stopped until the user starts them', async () => {
    const email = 'comeback@example.com';
    const { token, id } = await signUpAndSignIn(api, email);
    const bot = await createBot(api, token, smaCrossBot('kept'));
    await api.post(`/bots/${bot}/start`, { token });
    await setStatus(id, { disabled: true, reason: 'paused by support' });

    const enabled = await setStatus(id, { disabled: false });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({
      disabled: false,
      disabledAt: null,
      disabledReason: null,
      usage: { bots: 1, runningBots: 0 },
      stoppedBots: 0,
      endedSessions: 0,
    });
    const again = await login(email);
    expect(again.status).toBe(200);
    expect(await desiredStates(id)).toEqual(['stopped']);
    const started = await api.post(`/bots/${bot}/start`, { token: again.body.token });
    expect(started.status).toBe(200);
    // enabling an enabled user changes nothing
    expect((await setStatus(id, { disabled: false })).body.disabled).toBe(false);
    expect(await desiredStates(id)).toEqual(['running']);
  });

  it('an admin cannot disable themselves: 400 naming the field, nothing changes', async () => {
    const self = await setStatus(adminId, { disabled: true, reason: 'oops' });
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'disabled', message: expect.stringContaining('your own account') }],
    });
    expect((await api.get(`/admin/users/${adminId}`, { token: admin })).body.disabled).toBe(false);
    // enabling oneself is harmless
    expect((await setStatus(adminId, { disabled: false })).status).toBe(200);
  });

  it('another admin can be disabled; their admin session ends like any other', async () => {
    const email = 'second-admin@example.com';
    const other = await signInAsAdmin(api, sql, email);
    const otherId = (await api.get('/auth/me', { token: other })).body.id;
    expect((await setStatus(otherId, { disabled: true })).body.role).toBe('admin');
    expect((await api.get('/admin/users', { token: other })).status).toBe(401);
    expect((await login(email)).status).toBe(403);
  });

  it('400 per field, 404 for an unknown user, 401/403 without an admin session', async () => {
    const { token, id } = await signUpAndSignIn(api, 'validated@example.com');
    const cases: [unknown, { field: string; message: unknown }[]][] = [
      [{}, [{ field: 'disabled', message: 'must be true (disable) or false (enable)' }]],
      [{ disabled: 'yes' }, [{ field: 'disabled', message: expect.any(String) }]],
      [
        { disabled: true, reason: 'x'.repeat(501) },
        [{ field: 'reason', message: 'must have at most 500 characters' }],
      ],
      [
        { disabled: true, reason: 'bad\u0000byte' },
        [{ field: 'reason', message: expect.stringContaining('control characters') }],
      ],
      [
        { disabled: false, reason: 'why' },
        [{ field: 'reason', message: 'only a disable takes a reason: leave it out' }],
      ],
      [{ disabled: true, until: 'later' }, [{ field: 'until', message: 'unknown field' }]],
    ];
    for (const [body, errors] of cases) {
      const answer = await setStatus(id, body);
      expect({ body, status: answer.status, errors: answer.body.errors }).toEqual({
        body,
        status: 400,
        errors,
      });
    }
    const malformed = await setStatus('42', { disabled: true });
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    const unknown = await setStatus(unknownId, { disabled: true });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'not_found', message: 'user not found' });
    expect((await setStatus(unknownId, { disabled: false })).status).toBe(404);
    expect(
      (await api.patch(`/admin/users/${id}/status`, { body: { disabled: true } })).status,
    ).toBe(401);
    const asUser = await setStatus(id, { disabled: true }, token);
    expect(asUser.status).toBe(403);
    expect(asUser.body.code).toBe('forbidden');
    // none of it disabled anyone
    expect((await api.get('/auth/me', { token })).status).toBe(200);
  });

  // The fuzz suite's baseline has no valid body for this route, so its naughty strings stop at
  // the schema there; here each one is a reason that reaches Postgres (or is refused at it).
  it('every naughty string as a reason: stored as given (trimmed) or a 400 at reason, never a 5xx', async () => {
    const { id } = await signUpAndSignIn(api, 'naughty-reasons@example.com');
    const outcomes: string[] = [];
    for (const reason of naughtyStrings) {
      const answer = await setStatus(id, { disabled: true, reason });
      const expected = CONTROL_CHARACTER.test(reason.trim())
        ? { status: 400, field: 'reason' }
        : { status: 200, stored: reason.trim() || 'kept' };
      const got =
        answer.status === 400
          ? { status: 400, field: answer.body.errors?.[0]?.field }
          : { status: answer.status, stored: reason.trim() ? answer.body.disabledReason : 'kept' };
      if (JSON.stringify(got) !== JSON.stringify(expected))
        outcomes.push(`${JSON.stringify(reason)}: ${JSON.stringify(got)}`);
    }
    expect(outcomes).toEqual([]);
    expect(bed.gateway.logs.lines.filter((line) => /^ERROR|Postgres refused/.test(line))).toEqual(
      [],
    );
  });

  it('the OpenAPI document describes the route, its body and its answer', async () => {
    const document = (await api.get('/docs/openapi.json')).body;
    const operation = document.paths['/admin/users/{id}/status'].patch;
    expect(operation.summary).toContain('Disable a user');
    expect(JSON.stringify(operation.requestBody)).toContain('"disabled"');
    expect(JSON.stringify(operation.responses)).toContain('endedSessions');
  });
});
