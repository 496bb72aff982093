import { BotsRepository } from '@platform/persistence';
import {
  type ApiClient,
  seedBot,
  seedRuntime,
  seedUser,
  signInAsAdmin,
  waitFor,
} from '@platform/testing';
import type { Client } from 'pg';
import { startGateway } from '../test-support/gateway-harness';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { buildVersion } from './gateway-presence';

describe('cluster view (admins only)', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let admin: string;
  let user: string;
  let sql: Client;

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
    sql = await bed.connectSql();
    user = await api.signIn('operator-wannabe@example.com');
    admin = await signInAsAdmin(api, sql, 'ops@example.com');
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

  it('an admin sees the cluster: no workers or market-data, the gateway itself', async () => {
    const answer = await api.get('/cluster', { token: admin });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      workers: [],
      marketData: [],
      gateways: [
        {
          instanceId: expect.stringMatching(/^api-gateway-/),
          host: expect.any(String),
          pid: process.pid,
          startedAt: expect.any(String),
          version: buildVersion(),
        },
      ],
      totals: { workers: 0, gateways: 1, bots: 0, marketData: 0, feeds: 0 },
    });
    expect(buildVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('gateways come and go: a second one is listed, leaves at its stop, a dead one at its TTL', async () => {
    const ids = async () =>
      ((await api.get('/cluster', { token: admin })).body.gateways as { instanceId: string }[]).map(
        (g) => g.instanceId,
      );
    const [first] = await ids();
    const second = await startGateway({ DATABASE_URL: bed.db.url, REDIS_URL: bed.redis.url });
    let secondId = '';
    try {
      const both = await ids();
      expect(both).toHaveLength(2);
      expect(both).toContain(first);
      secondId = both.find((id) => id !== first) ?? '';
    } finally {
      await second.close();
    }
    // a graceful stop takes it off the list at once
    expect(await ids()).toEqual([first]);
    // one that died without a word: its entry (written here with a short TTL) runs out
    const redis = bed.connectRedis();
    const ghost = {
      instanceId: 'api-gateway-ghost',
      host: 'gone',
      pid: 1,
      startedAt: new Date().toISOString(),
      version: '0.0.0',
    };
    await redis
      .multi()
      .set('cluster:gateway:api-gateway-ghost', JSON.stringify(ghost), 'PX', 300)
      .sadd('cluster:gateways', ghost.instanceId)
      .exec();
    expect(await ids()).toContain('api-gateway-ghost');
    await waitFor('the dead gateway to leave the list', async () =>
      (await ids()).includes('api-gateway-ghost') ? undefined : true,
    );
    expect(await ids()).toEqual([first]);
    expect(secondId).not.toBe('');
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

  it('names each worker’s bots and their owners, read in one query for all of them', async () => {
    const ann = await seedUser(sql, { email: 'ann@example.com' });
    const bob = await seedUser(sql, { email: 'bob@example.com' });
    const grid = await seedBot(sql, { user: ann, state: 'running', name: 'grid BTC' });
    const dca = await seedBot(sql, { user: bob, state: 'running', name: 'dca ETH' });
    const leaving = await seedBot(sql, { user: bob, state: 'stopped', name: 'leaving' });
    await seedRuntime(sql, grid, { workerId: 'worker-a', host: 'notebook-1', fenceToken: 7 });
    await seedRuntime(sql, dca, { workerId: 'worker-b', host: 'notebook-2', fenceToken: 3 });
    // listed by its worker but no longer claimed in Postgres (being released), and an id the
    // database does not know
    const unknownBot = '0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e';
    // two workers' registry entries, as their heartbeats write them (libs/cluster)
    const redis = bed.connectRedis();
    const listWorker = (id: string, host: string, botIds: string[]) =>
      redis
        .multi()
        .set(
          `cluster:worker:${id}`,
          JSON.stringify({
            id,
            host,
            pid: 1,
            capacity: 100,
            tags: [],
            startedAt: new Date(),
            botIds,
          }),
        )
        .sadd('cluster:workers', id)
        .exec();
    const placements = jest.spyOn(bed.gateway.app.get(BotsRepository), 'placements');
    try {
      await listWorker('worker-a', 'notebook-1', [grid.id, leaving.id]);
      await listWorker('worker-b', 'notebook-2', [dca.id, unknownBot]);
      const answer = await api.get('/cluster', { token: admin });
      expect(answer.status).toBe(200);
      expect(placements).toHaveBeenCalledTimes(1);
      expect(placements.mock.calls[0][0]).toEqual([grid.id, leaving.id, dca.id, unknownBot]);
      const bots = Object.fromEntries(
        (answer.body.workers as { id: string; bots: unknown[] }[]).map((w) => [w.id, w.bots]),
      );
      expect(bots).toEqual({
        'worker-a': [
          {
            botId: grid.id,
            name: 'grid BTC',
            owner: { id: ann.id, email: 'ann@example.com' },
            since: expect.any(String),
            lastTickAt: expect.any(String),
            fenceToken: '7',
          },
          {
            botId: leaving.id,
            name: 'leaving',
            owner: { id: bob.id, email: 'bob@example.com' },
            since: null,
            lastTickAt: null,
            fenceToken: null,
          },
        ],
        'worker-b': [
          {
            botId: dca.id,
            name: 'dca ETH',
            owner: { id: bob.id, email: 'bob@example.com' },
            since: expect.any(String),
            lastTickAt: expect.any(String),
            fenceToken: '3',
          },
          {
            botId: unknownBot,
            name: null,
            owner: null,
            since: null,
            lastTickAt: null,
            fenceToken: null,
          },
        ],
      });
      expect(answer.body.totals).toMatchObject({ workers: 2, bots: 4 });
      // the one bot's placement still answers only for a claimed bot
      const placed = await api.get(`/cluster/bots/${grid.id}`, { token: admin });
      expect(placed.body).toMatchObject({ botId: grid.id, workerId: 'worker-a', fenceToken: '7' });
      expect((await api.get(`/cluster/bots/${leaving.id}`, { token: admin })).status).toBe(404);
    } finally {
      placements.mockRestore();
      await redis.del('cluster:worker:worker-a', 'cluster:worker:worker-b', 'cluster:workers');
    }
  });
});
