import { alphanumeric, newEncryptionKeys, randomBinanceKeys, SseClient } from '@platform/testing';
import { dcaBot, smaCrossBot } from '../test-support/bots';
import { binanceAccount } from '../test-support/exchange-accounts';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

// After accounts, bots, live tickets and every kind of failure: no API key, secret, password,
// session token or stream ticket in any response (tokens only where issued) or log line.
describe('no secret in any response or log', () => {
  let bed: GatewayTestBed;
  const secrets: string[] = [];
  const issued: string[] = [];

  beforeAll(async () => {
    bed = await startGatewayTestBed({
      ENCRYPTION_KEYS: newEncryptionKeys(),
      MARKET_DATA_TIMEOUT_MS: '300',
    });
  });

  afterAll(() => bed?.close());

  it('holds after a busy session with many failures', async () => {
    const { api, db, gateway } = bed;
    const password = `pw ${alphanumeric(20)}`;
    secrets.push(password);
    const token = await api.signIn('keeper@example.com', password);
    issued.push(token);
    const keys = randomBinanceKeys();
    secrets.push(keys.apiKey, keys.secret);
    const account = await api.post('/exchange-accounts', {
      token,
      body: binanceAccount('main', keys),
    });
    expect(account.status).toBe(201);
    const accountId = account.body.id;
    // a bot whose params carry the secret by mistake, and one on the account
    const pasted = await api.post('/bots', {
      token,
      body: {
        ...dcaBot('pasted'),
        params: { quotePerBuy: keys.secret, takeProfitPct: 5, apiKey: keys.apiKey },
      },
    });
    expect(pasted.status).toBe(400);
    const live = await api.post('/bots', {
      token,
      body: smaCrossBot('live', { mode: 'live', exchangeAccountId: accountId }),
    });
    expect(live.status).toBe(201);
    expect((await api.post(`/bots/${live.body.id}/start`, { token })).status).toBe(409);
    expect((await api.get(`/bots/${live.body.id}/balances`, { token })).status).toBe(503);
    expect((await api.post(`/exchange-accounts/${accountId}/verify`, { token })).status).toBe(503);
    expect((await api.get(`/bots/${live.body.id}/status`, { token })).status).toBe(200);
    // secrets in the wrong places: query strings, headers, malformed and oversized bodies
    await api.get(`/bots?cursor=${keys.secret}`, { token });
    await api.get(`/bots/${keys.apiKey}`, { token });
    await api.post('/bots', { token, rawBody: `{"name":"${keys.secret}",` });
    await api.post('/bots', { token, body: { name: keys.secret, pad: 'x'.repeat(200_000) } });
    await api.get('/auth/me', { headers: { authorization: `Bearer ${keys.secret.slice(0, 43)}` } });
    await api.post('/auth/login', {
      body: { email: 'keeper@example.com', password: `${password}!` },
    });
    secrets.push(`${password}!`);
    // a stream ticket, used once and then replayed
    const ticket = await api.post('/live/ticket', { token });
    issued.push(ticket.body.ticket);
    const stream = await SseClient.connect(`${api.baseUrl}/live?ticket=${ticket.body.ticket}`);
    await stream.waitForEvent((e) => e.event === 'ready', 'ready');
    stream.close();
    const replay = await SseClient.connect(`${api.baseUrl}/live?ticket=${ticket.body.ticket}`);
    expect(replay.status).toBe(401);
    expect(replay.body).not.toContain(ticket.body.ticket);
    // a database outage: a logged 500
    await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
    await db.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
      db.name,
    ]);
    try {
      expect((await api.get('/bots', { token })).status).toBe(500);
    } finally {
      await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
    }
    const changed = await api.post('/auth/password', {
      token,
      body: { currentPassword: password, newPassword: `new ${password}` },
    });
    secrets.push(`new ${password}`);
    issued.push(changed.body.token);

    expect(api.answers.length).toBeGreaterThan(15);
    for (const answer of api.answers) {
      for (const secret of secrets) expect(answer.text.includes(secret)).toBe(false);
      for (const value of issued)
        if (answer.body?.token !== value && answer.body?.ticket !== value)
          expect(answer.text.includes(value)).toBe(false);
    }
    const log = gateway.logs.text;
    expect(log).toContain('internal error'); // the log was captured
    for (const leaked of [...secrets, ...issued]) expect(log.includes(leaked)).toBe(false);
  });
});
