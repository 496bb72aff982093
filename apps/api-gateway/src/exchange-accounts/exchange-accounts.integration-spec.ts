import { KeyRing, openCredentials } from '@platform/exchange';
import { type ApiClient, newEncryptionKeys, randomBinanceKeys, seedBot } from '@platform/testing';
import type { Client } from 'pg';
import { binanceAccount } from '../test-support/exchange-accounts';
import { startGateway } from '../test-support/gateway-harness';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

// Exchange accounts against a real Postgres and Redis, with no market-data running (the calls
// through it are covered with the real service in e2e/gateway-exchange.e2e-spec.ts).
describe('exchange accounts', () => {
  const encryptionKeys = newEncryptionKeys();
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let alice: string;
  let bob: string;
  const create = (token: string, body: Record<string, unknown>) =>
    api.post('/exchange-accounts', { token, body });

  beforeAll(async () => {
    bed = await startGatewayTestBed({
      ENCRYPTION_KEYS: encryptionKeys,
      MARKET_DATA_TIMEOUT_MS: '500',
    });
    api = bed.api;
    sql = await bed.connectSql();
    alice = await api.signIn('alice@example.com');
    bob = await api.signIn('bob@example.com');
    // alice adds more accounts than the free plan's 2 (the limits have their own spec)
    await sql.query(
      `UPDATE subscriptions SET plan = 'pro', max_exchange_accounts = 10
        WHERE user_id = (SELECT id FROM users WHERE email = 'alice@example.com')`,
    );
  });

  afterAll(() => bed?.close());

  describe('POST /exchange-accounts', () => {
    it('seals the keys before they reach Postgres and shows only the masked key', async () => {
      const keys = randomBinanceKeys();
      const answer = await create(alice, binanceAccount('main', keys));
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({
        id: expect.any(String),
        exchangeId: 'binance',
        label: 'main',
        apiKeyMasked: `${keys.apiKey.slice(0, 4)}...${keys.apiKey.slice(-4)}`,
        verifiedAt: null,
        canWithdraw: null,
        warnings: [],
        createdAt: expect.any(String),
      });
      expect(answer.text).not.toContain(keys.apiKey);
      expect(answer.text).not.toContain(keys.secret);

      const { rows } = await sql.query(`SELECT * FROM exchange_accounts WHERE id = $1`, [
        answer.body.id,
      ]);
      const row = rows[0];
      expect(JSON.stringify(row)).not.toContain(keys.secret);
      expect(row.credentials_ciphertext.includes(Buffer.from(keys.secret))).toBe(false);
      expect(row.credentials_ciphertext.includes(Buffer.from(keys.apiKey))).toBe(false);
      const opened = openCredentials(KeyRing.parse(encryptionKeys), row.id, {
        keyId: row.encryption_key_id,
        ciphertext: row.credentials_ciphertext,
      });
      expect(opened).toEqual(keys);
    });

    it('400 naming each bad field, never quoting the submitted key material', async () => {
      const secret = 'bad secret with spaces 1234567890';
      const answer = await create(alice, {
        exchangeId: 'kraken',
        label: '',
        apiKey: 'short',
        secret,
        extra: 1,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { field: 'exchangeId', message: expect.stringContaining('binance') },
        { field: 'label', message: 'is required' },
        { field: 'apiKey', message: 'must have at least 16 characters' },
        { field: 'secret', message: 'must be printable ASCII without spaces' },
        { field: 'extra', message: 'unknown field' },
      ]);
      expect(answer.text).not.toContain(secret);

      const binance = await create(alice, {
        exchangeId: 'binance',
        label: 'x',
        apiKey: 'A'.repeat(63),
        secret: `${'b'.repeat(63)}!`,
        passphrase: 'pass',
      });
      expect(binance.body.errors).toEqual([
        { field: 'apiKey', message: 'binance API keys are 64 letters and digits' },
        { field: 'secret', message: 'binance secrets are 64 letters and digits' },
        { field: 'passphrase', message: 'binance keys have no passphrase' },
      ]);
      const long = await create(alice, binanceAccount('x'.repeat(101)));
      expect(long.body.errors).toEqual([
        { field: 'label', message: 'must have at most 100 characters' },
      ]);
    });

    it('409 for a label the user already has; another user may use it', async () => {
      expect((await create(alice, binanceAccount('twice'))).status).toBe(201);
      const again = await create(alice, binanceAccount('twice'));
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('twice'),
      });
      expect((await create(bob, binanceAccount('twice'))).status).toBe(201);
    });

    it('503 with a clear message when the gateway has no ENCRYPTION_KEYS, and a warning at start-up', async () => {
      const bare = await startGateway({ DATABASE_URL: bed.db.url, REDIS_URL: bed.redis.url });
      try {
        expect(bare.logs.text).toMatch(/WARN .*ENCRYPTION_KEYS is not set/);
        const token = await bare.api.signIn('carol@example.com');
        const answer = await bare.api.post('/exchange-accounts', {
          token,
          body: binanceAccount('main'),
        });
        expect(answer.status).toBe(503);
        expect(answer.body).toMatchObject({
          code: 'not_configured',
          message: expect.stringContaining('ENCRYPTION_KEYS'),
        });
      } finally {
        await bare.close();
      }
    });
  });

  describe('reading and deleting', () => {
    let aliceAccount: string;

    beforeAll(async () => {
      aliceAccount = (await create(alice, binanceAccount('reader'))).body.id;
    });

    it('GET /exchange-accounts lists only the caller’s accounts', async () => {
      const answer = await api.get('/exchange-accounts', { token: bob });
      expect(answer.status).toBe(200);
      expect(answer.body.items.map((a: { label: string }) => a.label)).toEqual(['twice']);
      const mine = await api.get('/exchange-accounts', { token: alice });
      expect(mine.body.items.map((a: { id: string }) => a.id)).toContain(aliceAccount);
      expect(mine.text).not.toMatch(/secret|ciphertext/i);
    });

    it('GET /exchange-accounts/:id: 200 for the owner, 400 for a malformed id, 404 for an unknown one', async () => {
      const answer = await api.get(`/exchange-accounts/${aliceAccount}`, { token: alice });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: aliceAccount, label: 'reader' });
      const malformed = await api.get('/exchange-accounts/not-a-uuid', { token: alice });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
      const unknown = await api.get('/exchange-accounts/5b0c4c8e-2f6a-4d7e-9a51-0c1d2e3f4a5b', {
        token: alice,
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('not_found');
    });

    it('another user gets 404 for every operation on it, and it is untouched', async () => {
      for (const [method, path] of [
        ['GET', `/exchange-accounts/${aliceAccount}`],
        ['DELETE', `/exchange-accounts/${aliceAccount}`],
        ['POST', `/exchange-accounts/${aliceAccount}/verify`],
        ['GET', `/exchange-accounts/${aliceAccount}/balance`],
      ]) {
        const answer = await api.call(method, path, { token: bob });
        expect({ method, path, status: answer.status, code: answer.body.code }).toEqual({
          method,
          path,
          status: 404,
          code: 'not_found',
        });
      }
      expect((await api.get(`/exchange-accounts/${aliceAccount}`, { token: alice })).status).toBe(
        200,
      );
    });

    it('verify and balance answer 503 while market-data does not answer; the account stays unverified', async () => {
      const verify = await api.post(`/exchange-accounts/${aliceAccount}/verify`, { token: alice });
      expect(verify.status).toBe(503);
      expect(verify.body).toMatchObject({
        code: 'service_unavailable',
        message: expect.stringContaining('market-data'),
      });
      const balance = await api.get(`/exchange-accounts/${aliceAccount}/balance`, { token: alice });
      expect(balance.status).toBe(503);
      expect(
        (await api.get(`/exchange-accounts/${aliceAccount}`, { token: alice })).body.verifiedAt,
      ).toBeNull();
    });

    it('DELETE: 409 while a bot uses it, 204 once none does, then 404', async () => {
      const account = (await create(alice, binanceAccount('in use'))).body.id;
      const bot = await seedBot(sql, { account, name: 'live one', state: 'stopped' });
      const refused = await api.delete(`/exchange-accounts/${account}`, { token: alice });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('bot'),
      });
      // a deleted bot lets go of it (its orders keep the history)
      await sql.query(`UPDATE bots SET deleted_at = now() WHERE id = $1`, [bot.id]);
      expect((await api.delete(`/exchange-accounts/${account}`, { token: alice })).status).toBe(
        204,
      );
      const { rows: detached } = await sql.query(
        `SELECT exchange_account_id FROM bots WHERE id = $1`,
        [bot.id],
      );
      expect(detached).toEqual([{ exchange_account_id: null }]);
      expect((await api.get(`/exchange-accounts/${account}`, { token: alice })).status).toBe(404);
      expect((await api.delete(`/exchange-accounts/${account}`, { token: alice })).status).toBe(
        404,
      );
    });

    it('every route answers 401 without a session', async () => {
      for (const [method, path] of [
        ['POST', '/exchange-accounts'],
        ['GET', '/exchange-accounts'],
        ['GET', `/exchange-accounts/${aliceAccount}`],
        ['DELETE', `/exchange-accounts/${aliceAccount}`],
        ['POST', `/exchange-accounts/${aliceAccount}/verify`],
        ['GET', `/exchange-accounts/${aliceAccount}/balance`],
      ])
        expect((await api.call(method, path)).status).toBe(401);
    });
  });
});
