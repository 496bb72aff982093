import { type ApiClient, newEncryptionKeys } from '@platform/testing';
import type { Client } from 'pg';
import { smaCrossBot } from '../test-support/bots';
import { binanceAccount } from '../test-support/exchange-accounts';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { userIdOf } from '../test-support/users';

// What a plan lets a user store (bots not deleted, exchange accounts), checked race-free
// against a real Postgres and Redis; running bots are covered in bots.integration-spec.ts.
describe('plan limits on stored bots and exchange accounts', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  const setSubscription = (userId: string, columns: string) =>
    sql.query(`UPDATE subscriptions SET ${columns} WHERE user_id = $1`, [userId]);

  beforeAll(async () => {
    bed = await startGatewayTestBed({ ENCRYPTION_KEYS: newEncryptionKeys() });
    api = bed.api;
    sql = await bed.connectSql();
  });

  afterAll(() => bed?.close());

  it('GET /auth/me shows the limits of the plan', async () => {
    const token = await api.signIn('me-limits@example.com');
    expect((await api.get('/auth/me', { token })).body.subscription).toEqual({
      plan: 'free',
      maxRunningBots: 2,
      maxBots: 10,
      maxExchangeAccounts: 2,
      validUntil: null,
      expired: false,
    });
  });

  it('the free plan stores 10 bots: the 11th is 403 plan_limit; deleted bots do not count', async () => {
    const token = await api.signIn('hoarder@example.com');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const created = await api.post('/bots', { token, body: smaCrossBot(`b${i}`) });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    const refused = await api.post('/bots', { token, body: smaCrossBot('b10') });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'plan_limit',
      message: 'your free plan allows 10 bots: delete one first or upgrade',
    });
    expect((await api.delete(`/bots/${ids[0]}`, { token })).status).toBe(204);
    expect((await api.post('/bots', { token, body: smaCrossBot('b10') })).status).toBe(201);
    expect((await api.post('/bots', { token, body: smaCrossBot('b11') })).status).toBe(403);
  });

  it('concurrent creates never store more bots than the limit', async () => {
    const token = await api.signIn('bot-racer@example.com');
    await setSubscription(await userIdOf(api, token), 'max_bots = 3');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.post('/bots', { token, body: smaCrossBot(`r${i}`) }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, ...Array(7).fill(403)]);
    const { rows } = await sql.query(`SELECT count(*)::int AS count FROM bots WHERE user_id = $1`, [
      await userIdOf(api, token),
    ]);
    expect(rows[0].count).toBe(3);
  });

  it('the free plan stores 2 exchange accounts; concurrent adds never pass the limit', async () => {
    const token = await api.signIn('collector@example.com');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.post('/exchange-accounts', { token, body: binanceAccount(`a${i}`) }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 403, 403, 403, 403]);
    expect(answers.find((a) => a.status === 403)?.body).toMatchObject({
      code: 'plan_limit',
      message: 'your free plan allows 2 exchange accounts: delete one first or upgrade',
    });
    const listed = await api.get('/exchange-accounts', { token });
    expect(listed.body.items).toHaveLength(2);
    expect(
      (await api.delete(`/exchange-accounts/${listed.body.items[0].id}`, { token })).status,
    ).toBe(204);
    expect(
      (await api.post('/exchange-accounts', { token, body: binanceAccount('again') })).status,
    ).toBe(201);
  });

  it('a paid plan past its validUntil has the free limits (and says so)', async () => {
    const token = await api.signIn('lapsed@example.com');
    const userId = await userIdOf(api, token);
    await setSubscription(
      userId,
      `plan = 'pro', max_running_bots = 20, max_bots = 100, max_exchange_accounts = 10,
       valid_until = now() - interval '1 day'`,
    );
    for (let i = 0; i < 2; i++)
      expect(
        (await api.post('/exchange-accounts', { token, body: binanceAccount(`l${i}`) })).status,
      ).toBe(201);
    const refused = await api.post('/exchange-accounts', { token, body: binanceAccount('l2') });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      'your pro plan (expired: free limits apply) allows 2 exchange accounts: delete one first or upgrade',
    );
    expect((await api.get('/auth/me', { token })).body.subscription).toMatchObject({
      plan: 'pro',
      expired: true,
      maxExchangeAccounts: 2,
    });
  });
});
