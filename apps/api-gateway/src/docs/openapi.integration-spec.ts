import type { ApiClient } from '@platform/testing';
import { isDashboardPath } from '../dashboard/dashboard-target';
import type { GatewayUnderTest } from '../test-support/gateway-harness';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

/** What the server actually serves, independent of the route registry the document is built from. */
function servedRoutes(gateway: GatewayUnderTest): { method: string; path: string }[] {
  // HEAD routes are Fastify's own copies of the GET routes (Express answered HEAD the same way)
  return gateway.routes
    .filter(({ method }) => method !== 'head')
    .map(({ method, path }) => ({ method, path: path.replace(/:([A-Za-z0-9_]+)/g, '{$1}') }));
}

describe('OpenAPI document and /docs', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
  });

  afterAll(() => bed?.close());

  it('documents every route the server serves (health probes, /metrics and the dashboard’s pages aside), with a summary and its security', async () => {
    const answer = await api.get('/docs/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    const served = servedRoutes(bed.gateway).filter(
      (route) =>
        !route.path.startsWith('/health/') &&
        route.path !== '/metrics' &&
        !isDashboardPath(route.path),
    );
    expect(served.length).toBeGreaterThan(15);
    const undocumented = served.filter(({ method, path }) => !answer.body.paths[path]?.[method]);
    expect(undocumented).toEqual([]);
    for (const { method, path } of served) {
      const operation = answer.body.paths[path][method];
      expect({ path, method, summary: typeof operation.summary }).toEqual({
        path,
        method,
        summary: 'string',
      });
      expect(Array.isArray(operation.security)).toBe(true);
      for (const name of path.match(/\{(\w+)\}/g) ?? [])
        expect(operation.parameters).toContainEqual(
          expect.objectContaining({ name: name.slice(1, -1), in: 'path', required: true }),
        );
    }
  });

  it('turns the zod schemas into JSON Schema: strict bodies, query parameters, the error shape', async () => {
    const { body } = await api.get('/docs/openapi.json');
    const register = body.paths['/auth/register'].post;
    expect(register.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['email', 'password'],
      properties: { password: { type: 'string', minLength: 10, maxLength: 200 } },
    });
    expect(register.security).toEqual([]);
    const candles = body.paths['/market/{exchangeId}/candles'].get;
    expect(candles.parameters).toContainEqual(
      expect.objectContaining({ name: 'symbol', in: 'query', required: true }),
    );
    expect(candles.parameters).toContainEqual(
      expect.objectContaining({
        name: 'timeframe',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ default: '1m' }),
      }),
    );
    expect(candles.security).toEqual([{ session: [] }]);
    expect(body.components.schemas.Error.required).toEqual(['statusCode', 'code', 'message']);
    expect(body.components.securitySchemes.session).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('states each exchange’s real key format, not only the bounds every exchange shares', async () => {
    const { body } = await api.get('/docs/openapi.json');
    const account =
      body.paths['/exchange-accounts'].post.requestBody.content['application/json'].schema;
    const { apiKey, secret, passphrase } = account.properties;
    expect(apiKey.description).toContain('binance API keys are 64 letters and digits');
    expect(apiKey.description).toContain('^[A-Za-z0-9]{64}$');
    expect(secret.description).toContain('binance secrets are 64 letters and digits');
    expect(passphrase.description).toContain('binance keys have no passphrase');
  });

  it('every route that is not public answers 401 in the error shape without a session', async () => {
    const { body } = await api.get('/docs/openapi.json');
    const placeholder = '0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e';
    const guarded = Object.entries(
      body.paths as Record<string, Record<string, { security: unknown[] }>>,
    ).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.security.length > 0)
        .map(([method]) => ({
          method: method.toUpperCase(),
          path: path.replace(/\{\w+\}/g, placeholder),
        })),
    );
    expect(guarded.length).toBeGreaterThan(10);
    for (const { method, path } of guarded) {
      const answer = await api.call(method, path);
      expect({ method, path, status: answer.status, code: answer.body.code }).toEqual({
        method,
        path,
        status: 401,
        code: 'unauthenticated',
      });
    }
  });

  it('GET /docs is a self-contained page listing the routes and linking the document', async () => {
    const answer = await api.get('/docs');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.text).toContain('href="/docs/openapi.json"');
    expect(answer.text).not.toMatch(/<script|https?:\/\//);
    for (const path of [
      '/auth/login',
      '/exchange-accounts/{id}/verify',
      '/market/{exchangeId}/ticker',
      '/cluster',
    ])
      expect(answer.text).toContain(`<code>${path}</code>`);
  });
});
