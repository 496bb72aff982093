import { type ApiClient, signInAsAdmin } from '@platform/testing';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

describe('cluster view (admins only)', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let admin: string;
  let user: string;

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
    user = await api.signIn('operator-wannabe@example.com');
    admin = await signInAsAdmin(api, await bed.connectSql(), 'ops@example.com');
  });

  afterAll(() => bed?.close());

  it('401 without a session, 403 in the error shape for a user', async () => {
    for (const path of ['/cluster', '/cluster/bots/0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e']) {
      expect((await api.get(path)).status).toBe(401);
      const forbidden = await api.get(path, { token: user });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toEqual({
        statusCode: 403,
        code: 'forbidden',
        message: 'this needs an admin account',
        correlationId: forbidden.headers.get('x-request-id'),
      });
    }
  });

  it('an admin sees the (empty) cluster', async () => {
    const answer = await api.get('/cluster', { token: admin });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      workers: [],
      marketData: [],
      totals: { workers: 0, bots: 0, marketData: 0, feeds: 0 },
    });
  });

  it('GET /cluster/bots/:botId: 400 for a malformed id, 404 for a bot no worker runs', async () => {
    const malformed = await api.get('/cluster/bots/42', { token: admin });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'botId', message: 'must be a UUID' }]);
    const idle = await api.get('/cluster/bots/0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e', {
      token: admin,
    });
    expect(idle.status).toBe(404);
    expect(idle.body.code).toBe('not_found');
  });
});
