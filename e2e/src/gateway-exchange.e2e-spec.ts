import { ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import {
  alphanumeric,
  ApiClient,
  createTestDatabase,
  type ExchangeKeys,
  newEncryptionKeys,
  randomBinanceKeys,
  type TestDatabase,
  TestRedisServer,
  waitForStatus,
  withPgClient,
} from '@platform/testing';
import { type RunningService, startService } from './support/cluster';

// The gateway with a real market-data in front of the local exchange simulator: keys are
// verified with a signed call, balances and quotes come through the transport, failures map to
// HTTP answers, and no secret ever shows up in a response or in the gateway's log.
describe('gateway: exchange accounts and market data through market-data', () => {
  const encryptionKeys = newEncryptionKeys();
  const password = 'correct horse battery staple';
  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  let gateway: RunningService;
  let marketData: RunningService;
  let api: ApiClient;
  let token: string;
  const secrets: string[] = [password];
  const issuedTokens: string[] = [];

  beforeAll(async () => {
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({ port: 0, seed: 11 }),
    ]);
    const deps = { databaseUrl: db.url, redisUrl: redis.url };
    [gateway, marketData] = await Promise.all([
      startService('api-gateway', deps, {
        ENCRYPTION_KEYS: encryptionKeys,
        MARKET_DATA_TIMEOUT_MS: '5000',
        LOG_LEVEL: 'verbose', // the secrets check reads every line the gateway can write
      }),
      startService('market-data', deps, {
        ENCRYPTION_KEYS: encryptionKeys,
        EXCHANGE_BASE_URLS: `binance=${sim.url}`,
      }),
    ]);
    await waitForStatus(gateway.url('/health/live'), 200);
    await waitForStatus(marketData.url('/health/ready'), 200);
    api = new ApiClient(gateway.baseUrl);
    token = await api.signIn('holder@example.com', password);
    issuedTokens.push(token);
    // the holder adds more accounts than the free plan's 2 (the limits have their own spec)
    await withPgClient(db.url, (sql) =>
      sql.query(
        `UPDATE subscriptions SET plan = 'pro', max_exchange_accounts = 10
          WHERE user_id = (SELECT id FROM users WHERE email = 'holder@example.com')`,
      ),
    );
  });

  afterAll(async () => {
    await Promise.all([gateway, marketData].map((s) => s?.process.kill()));
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  });

  const addAccount = async (label: string, keys: ExchangeKeys) => {
    secrets.push(keys.apiKey, keys.secret);
    const answer = await api.call('POST', '/exchange-accounts', {
      token,
      body: { exchangeId: 'binance', label, ...keys },
    });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };

  it('a key that may withdraw: verified, with a warning (Binance apiRestrictions)', async () => {
    const id = await addAccount(
      'withdrawing',
      sim.createApiKey({ balances: { USDT: '10' }, canWithdraw: true }),
    );
    const verified = await api.call('POST', `/exchange-accounts/${id}/verify`, { token });
    expect(verified.status).toBe(200);
    expect(verified.body.canWithdraw).toBe(true);
    expect(verified.body.warnings).toEqual([expect.stringContaining('withdraw')]);
    const listed = await api.call('GET', `/exchange-accounts/${id}`, { token });
    expect(listed.body).toMatchObject({ canWithdraw: true, warnings: [expect.any(String)] });
  });

  it('keys the exchange accepts: verify sets verifiedAt, balance shows the exchange balances', async () => {
    const id = await addAccount(
      'good',
      sim.createApiKey({ balances: { USDT: '1234.5', BTC: '0.25' } }),
    );
    const verified = await api.call('POST', `/exchange-accounts/${id}/verify`, { token });
    expect(verified.status).toBe(200);
    expect(Date.parse(verified.body.verifiedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(verified.body).toMatchObject({ canWithdraw: false, warnings: [] }); // a trade-only key
    expect((await api.call('GET', `/exchange-accounts/${id}`, { token })).body.verifiedAt).toBe(
      verified.body.verifiedAt,
    );
    const balance = await api.call('GET', `/exchange-accounts/${id}/balance`, { token });
    expect(balance.status).toBe(200);
    expect(balance.body).toMatchObject({
      exchangeAccountId: id,
      balances: { USDT: { free: '1234.5' }, BTC: { free: '0.25' } },
      fetchedAt: expect.any(String),
    });
  });

  it('keys the exchange refuses: 422 exchange_authentication, and the account stays unverified', async () => {
    const id = await addAccount('refused', randomBinanceKeys());
    const verify = await api.call('POST', `/exchange-accounts/${id}/verify`, { token });
    expect(verify.status).toBe(422);
    expect(verify.body).toMatchObject({
      code: 'exchange_authentication',
      message: expect.stringContaining('refused'),
    });
    expect(
      (await api.call('GET', `/exchange-accounts/${id}`, { token })).body.verifiedAt,
    ).toBeNull();
    expect((await api.call('GET', `/exchange-accounts/${id}/balance`, { token })).status).toBe(422);
  });

  it('ticker and candles come from market-data; an unknown market is a 404', async () => {
    const ticker = await api.call('GET', '/market/binance/ticker?symbol=btc/usdt', { token });
    expect(ticker.status).toBe(200);
    expect(ticker.body).toMatchObject({ exchangeId: 'binance', symbol: 'BTC/USDT' });
    expect(Number(ticker.body.last)).toBeGreaterThan(0);
    const candles = await api.call('GET', '/market/binance/candles?symbol=ETH/USDT&timeframe=1m', {
      token,
    });
    expect(candles.status).toBe(200);
    expect(candles.body.candles.length).toBeGreaterThan(0);
    expect(candles.body.candles[0]).toHaveLength(6);
    const unknown = await api.call('GET', '/market/binance/ticker?symbol=NOPE/USDT', { token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
  });

  it('requests that fail carry no key material back', async () => {
    const keys = { apiKey: alphanumeric(64), secret: `${alphanumeric(40)} with spaces` };
    secrets.push(keys.apiKey, keys.secret);
    const invalid = await api.call('POST', '/exchange-accounts', {
      token,
      body: { exchangeId: 'binance', label: 'x', ...keys, note: 1 },
    });
    expect(invalid.status).toBe(400);
    const malformed = await api.call('POST', '/exchange-accounts', {
      token,
      rawBody: `{"secret":"${keys.secret}",`,
    });
    expect(malformed.status).toBe(400);
    const huge = await api.call('POST', '/exchange-accounts', {
      token,
      body: { secret: keys.secret, pad: 'x'.repeat(200_000) },
    });
    expect(huge.status).toBe(413);
    const wrongLogin = await api.call('POST', '/auth/login', {
      body: { email: 'holder@example.com', password: `${password}!` },
    });
    expect(wrongLogin.status).toBe(401);
    secrets.push(`${password}!`);
  });

  it('an internal error is a 500 whose correlationId is in the gateway log, without a stack', async () => {
    await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
    await db.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
      db.name,
    ]);
    let correlationId = '';
    try {
      const answer = await api.call('GET', '/exchange-accounts', { token });
      expect(answer.status).toBe(500);
      expect(answer.body).toMatchObject({ code: 'internal', correlationId: expect.any(String) });
      expect(answer.text).not.toMatch(/ at |postgres|database/i);
      correlationId = answer.body.correlationId;
    } finally {
      await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
    }
    expect(gateway.process.output).toMatch(
      new RegExp(`ERROR.*internal error, correlationId ${correlationId}`),
    );
    expect((await api.call('GET', '/exchange-accounts', { token })).status).toBe(200);
  });

  it('while market-data is down: 503 for quotes, verify and balance', async () => {
    const id = (await api.call('GET', '/exchange-accounts', { token })).body.items[0].id;
    await marketData.process.stop('SIGTERM');
    const requests = [
      ['GET', '/market/binance/ticker?symbol=SOL/USDT'],
      ['POST', `/exchange-accounts/${id}/verify`],
      ['GET', `/exchange-accounts/${id}/balance`],
    ];
    // concurrently: each waits out MARKET_DATA_TIMEOUT_MS
    const answers = await Promise.all(
      requests.map(([method, path]) => api.call(method, path, { token })),
    );
    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual(
      requests.map(() => [503, 'service_unavailable']),
    );
  });

  it('after all that: no password, API key, secret or session token in any response (tokens only where issued) or in the gateway log', async () => {
    const changed = await api.call('POST', '/auth/password', {
      token,
      body: { currentPassword: password, newPassword: 'another long passphrase' },
    });
    expect(changed.status).toBe(200);
    issuedTokens.push(changed.body.token);
    secrets.push('another long passphrase');
    await api.call('POST', '/auth/logout', { token: changed.body.token });

    expect(secrets.length).toBeGreaterThan(8);
    for (const answer of api.answers) {
      for (const secret of secrets) expect(answer.text.includes(secret)).toBe(false);
      for (const issued of issuedTokens)
        if (answer.body?.token !== issued) expect(answer.text.includes(issued)).toBe(false);
    }
    const log = gateway.process.output;
    expect(log).toContain('internal error'); // the log was captured
    for (const leaked of [...secrets, ...issuedTokens]) expect(log.includes(leaked)).toBe(false);
  });
});
