import { type ApiClient, seedBotEvent } from '@platform/testing';
import type { Client } from 'pg';
import { seedFilledOrders } from '../test-support/bot-activity';
import { createBot, smaCrossBot } from '../test-support/bots';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

// One paging vocabulary on every paged route: `cursor` in, `nextCursor` out. `before` (what
// the activity routes took first) is still read, as a deprecated alias of `cursor`.
describe('paging: cursor everywhere, before as a deprecated alias', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let token: string;
  let botId: string;

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
    sql = await bed.connectSql();
    token = await api.signIn('pager@example.com');
    botId = await createBot(api, token, smaCrossBot('paged'));
    await seedFilledOrders(sql, botId, 5);
    for (let i = 0; i < 5; i++)
      await seedBotEvent(sql, botId, { type: 'order.intent', message: `e-${i}`, fenceToken: 1 });
  });

  afterAll(() => bed?.close());

  const walk = async (path: string, param: 'cursor' | 'before', key: string) => {
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const query: string = next ? `&${param}=${encodeURIComponent(next)}` : '';
      const answer = await api.get(`/bots/${botId}/${path}?limit=2${query}`, { token });
      expect(answer.status).toBe(200);
      seen.push(...answer.body.items.map((item: Record<string, string>) => item[key]));
      next = answer.body.nextCursor;
    } while (next);
    return seen;
  };

  it('orders, trades and events page with `cursor` from nextCursor', async () => {
    expect(await walk('orders', 'cursor', 'clientOrderId')).toEqual([
      'c-4',
      'c-3',
      'c-2',
      'c-1',
      'c-0',
    ]);
    expect(await walk('trades', 'cursor', 'exchangeTradeId')).toEqual([
      't-4',
      't-3',
      't-2',
      't-1',
      't-0',
    ]);
    const events = await walk('events', 'cursor', 'message');
    expect(events.slice(0, 5)).toEqual(['e-4', 'e-3', 'e-2', 'e-1', 'e-0']);
  });

  it('`before` still works, the same as `cursor`', async () => {
    expect(await walk('orders', 'before', 'clientOrderId')).toEqual(
      await walk('orders', 'cursor', 'clientOrderId'),
    );
    expect(await walk('events', 'before', 'message')).toEqual(
      await walk('events', 'cursor', 'message'),
    );
  });

  it('both given: the same value is fine, different ones are a 400 at `before`', async () => {
    const first = await api.get(`/bots/${botId}/trades?limit=1`, { token });
    const second = await api.get(`/bots/${botId}/trades?limit=1&cursor=${first.body.nextCursor}`, {
      token,
    });
    const same = await api.get(
      `/bots/${botId}/trades?limit=1&cursor=${second.body.nextCursor}&before=${second.body.nextCursor}`,
      { token },
    );
    expect(same.status).toBe(200);
    expect(same.body.items[0].exchangeTradeId).toBe('t-2');
    const differ = await api.get(
      `/bots/${botId}/trades?cursor=${first.body.nextCursor}&before=${second.body.nextCursor}`,
      { token },
    );
    expect(differ.status).toBe(400);
    expect(differ.body.errors).toEqual([
      { field: 'before', message: expect.stringContaining('cursor') },
    ]);
  });

  it('a cursor of another route is a 400 at the field it came in', async () => {
    const ordersCursor = (await api.get(`/bots/${botId}/orders?limit=1`, { token })).body
      .nextCursor;
    for (const param of ['cursor', 'before']) {
      const answer = await api.get(`/bots/${botId}/events?${param}=${ordersCursor}`, { token });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { field: param, message: expect.stringContaining('cursor') },
      ]);
    }
  });

  it('the document names `cursor` on every paged route and marks `before` deprecated', async () => {
    const { body } = await api.get('/docs/openapi.json');
    const paged = [
      '/bots',
      '/bots/{id}/orders',
      '/bots/{id}/trades',
      '/bots/{id}/events',
      '/admin/users',
    ];
    for (const path of paged) {
      const operation = body.paths[path].get;
      const names = operation.parameters.map((p: { name: string }) => p.name);
      expect({ path, cursor: names.includes('cursor') }).toEqual({ path, cursor: true });
      const page = operation.responses['200'].content['application/json'].schema;
      expect(page.properties.nextCursor.description).toContain('`cursor`');
      const before = operation.parameters.find((p: { name: string }) => p.name === 'before');
      if (before) expect(before).toMatchObject({ deprecated: true });
    }
    const orders = body.paths['/bots/{id}/orders'].get.parameters;
    expect(orders.find((p: { name: string }) => p.name === 'before')).toMatchObject({
      deprecated: true,
      description: expect.stringContaining('cursor'),
    });
  });
});
