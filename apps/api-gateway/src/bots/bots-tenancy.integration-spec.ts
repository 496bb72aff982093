import { liveChannel } from '@platform/contracts';
import { type ApiClient, seedAccount, SseClient } from '@platform/testing';
import Redis from 'ioredis';
import type { Client } from 'pg';
import { createBot, smaCrossBot } from '../test-support/bots';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { userIdOf } from '../test-support/users';

// Tenancy: user B reaches none of user A's bots through any route (a 404, never a 403 that
// would confirm the id exists), changes nothing of them, and sees none of A's live events.
describe('bots are private to their owner', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let a: string;
  let b: string;
  let aBots: string[];
  const snapshotOf = async (ids: string[]) =>
    (
      await sql.query(
        `SELECT id, name, params, desired_state, deleted_at, updated_at FROM bots WHERE id = ANY($1) ORDER BY id`,
        [ids],
      )
    ).rows;

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
    sql = await bed.connectSql();
    a = await api.signIn('tenant-a@example.com');
    b = await api.signIn('tenant-b@example.com');
    const running = await createBot(api, a, smaCrossBot('a-running'));
    const stopped = await createBot(api, a, smaCrossBot('a-stopped'));
    await api.post(`/bots/${running}/start`, { token: a });
    aBots = [running, stopped];
  });

  afterAll(() => bed?.close());

  it('B gets 404 for each of A’s bots on every bot route, and A’s bots are unchanged', async () => {
    const before = await snapshotOf(aBots);
    for (const id of aBots)
      for (const [method, path, payload] of [
        ['GET', `/bots/${id}`],
        ['PATCH', `/bots/${id}`, { name: 'stolen' }],
        ['PATCH', `/bots/${id}`, { params: { fastPeriod: 2, slowPeriod: 3 } }],
        ['DELETE', `/bots/${id}`],
        ['POST', `/bots/${id}/start`],
        ['POST', `/bots/${id}/stop`],
        ['GET', `/bots/${id}/status`],
        ['GET', `/bots/${id}/orders`],
        ['GET', `/bots/${id}/trades`],
        ['GET', `/bots/${id}/events`],
        ['GET', `/bots/${id}/balances`],
      ] as [string, string, object?][]) {
        const answer = await api.call(method, path, { token: b, body: payload });
        expect({ method, path, status: answer.status, code: answer.body.code }).toEqual({
          method,
          path,
          status: 404,
          code: 'not_found',
        });
        expect(answer.text).not.toContain('a-running');
      }
    expect(await snapshotOf(aBots)).toEqual(before);
    expect((await api.get('/bots', { token: b })).body.items).toEqual([]);
    expect((await api.get('/bots', { token: a })).body.items).toHaveLength(2);
  });

  it('B cannot point a bot at A’s exchange account', async () => {
    const aId = await userIdOf(api, a);
    const account = await seedAccount(sql, aId, { label: 'a-main', verified: true });
    const created = await api.post('/bots', {
      token: b,
      body: smaCrossBot('b-live', { mode: 'live', exchangeAccountId: account.id }),
    });
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([
      { field: 'exchangeAccountId', message: 'is not one of your exchange accounts' },
    ]);
    const own = await createBot(api, b, smaCrossBot('b-paper'));
    const patched = await api.patch(`/bots/${own}`, {
      token: b,
      body: { mode: 'live', exchangeAccountId: account.id },
    });
    expect(patched.status).toBe(400);
  });

  it('B never receives A’s live events, from the API or from workers', async () => {
    const [aStream, bStream] = await Promise.all([
      SseClient.connect(`${api.baseUrl}/live`, { authorization: `Bearer ${a}` }),
      SseClient.connect(`${api.baseUrl}/live`, { authorization: `Bearer ${b}` }),
    ]);
    try {
      await Promise.all(
        [aStream, bStream].map((s) => s.waitForEvent((e) => e.event === 'ready', 'ready')),
      );
      await api.post(`/bots/${aBots[0]}/stop`, { token: a });
      await api.post(`/bots/${aBots[1]}/start`, { token: a });
      const publisher = new Redis(bed.redis.url);
      const aId = await userIdOf(api, a);
      await publisher.publish(
        liveChannel(aId),
        JSON.stringify({ type: 'trade', botId: aBots[1], tradeId: 't', price: '1', amount: '1' }),
      );
      publisher.disconnect();
      await aStream.waitForEvent((e) => e.event === 'trade', 'A’s trade');
      expect(aStream.of('bot.status')).toHaveLength(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(bStream.events.map((e) => e.event)).toEqual(['ready']);
      // B trying A's bots changes nothing A would hear of
      await api.post(`/bots/${aBots[0]}/start`, { token: b });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(aStream.of('bot.status')).toHaveLength(2);
    } finally {
      aStream.close();
      bStream.close();
    }
  });
});
