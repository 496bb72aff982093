import { type ApiClient, seedBotEvent, seedOrder, seedTrade } from '@platform/testing';
import type { Client } from 'pg';
import { createBot, smaCrossBot } from '../test-support/bots';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

type Item = Record<string, string>;

// The activity routes' filters: orders by status, side and type; trades by side and execution
// time in [from, to) (the chart's markers); events by type. Each narrows every page alike, so
// a walk with the cursor sees each match once and nothing else.
describe('bot activity filters', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let token: string;
  let botId: string;

  /** Every item of a filtered route, walked one page of `limit` at a time. */
  const walk = async (path: string, query: string, limit = 2): Promise<Item[]> => {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const next: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const answer = await api.get(`/bots/${botId}/${path}?limit=${limit}&${query}${next}`, {
        token,
      });
      // on a refusal, the failure shows the request and the error body
      if (answer.status !== 200) expect({ path, query, answer: answer.body }).toBeUndefined();
      items.push(...answer.body.items);
      cursor = answer.body.nextCursor;
    } while (cursor);
    return items;
  };

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
    sql = await bed.connectSql();
    token = await api.signIn('filters@example.com');
    botId = await createBot(api, token, smaCrossBot('filtered'));
    // o-0 oldest ... o-9 newest: status, side and type cycle at different rates
    const statuses = ['filled', 'open', 'partially_filled', 'canceled', 'intent'] as const;
    for (let i = 0; i < 10; i++) {
      const type = i % 3 === 0 ? 'limit' : 'market';
      const order = await seedOrder(sql, botId, {
        clientOrderId: `o-${i}`,
        status: statuses[i % 5],
        side: i % 2 === 0 ? 'buy' : 'sell',
        type,
        price: type === 'limit' ? '30000' : null,
        secondsAgo: 100 - i,
      });
      await seedTrade(sql, order, { exchangeTradeId: `t-${i}`, secondsAgo: 100 - i });
    }
    for (const [i, type] of [
      'bot.started',
      'bot.claimed',
      'order.intent',
      'bot.released',
      'bot.claimed',
      'order.intent',
      'bot.released',
    ].entries())
      await seedBotEvent(sql, botId, { type, message: `e-${i}` });
  });

  afterAll(() => bed?.close());

  it('orders: status (a comma list), side and type, alone and together, across pages', async () => {
    const ids = (items: Item[]) => items.map((item) => item.clientOrderId);
    expect(ids(await walk('orders', 'status=open,partially_filled'))).toEqual([
      'o-7',
      'o-6',
      'o-2',
      'o-1',
    ]);
    expect(ids(await walk('orders', 'side=sell'))).toEqual(['o-9', 'o-7', 'o-5', 'o-3', 'o-1']);
    expect(ids(await walk('orders', 'type=limit'))).toEqual(['o-9', 'o-6', 'o-3', 'o-0']);
    expect(
      ids(await walk('orders', 'status=open,intent,canceled&side=buy&type=market', 1)),
    ).toEqual(['o-8', 'o-4']);
    expect(ids(await walk('orders', 'status=expired'))).toEqual([]);
    const all = await walk('orders', '', 3);
    expect(all).toHaveLength(10);
    expect(all.filter((o) => o.status === 'open')).toEqual(await walk('orders', 'status=open'));
  });

  it('trades: executed in [from, to), by side, the cursor paging within the range', async () => {
    const all = await walk('trades', '', 50);
    expect(all.map((t) => t.exchangeTradeId)).toEqual([
      't-9',
      't-8',
      't-7',
      't-6',
      't-5',
      't-4',
      't-3',
      't-2',
      't-1',
      't-0',
    ]);
    const at = (id: string) => all.find((t) => t.exchangeTradeId === id)!.executedAt;
    // from is inclusive, to exclusive; the times as the API showed them (ms precision)
    const range = `from=${at('t-2')}&to=${encodeURIComponent(at('t-7'))}`;
    expect((await walk('trades', range, 2)).map((t) => t.exchangeTradeId)).toEqual([
      't-6',
      't-5',
      't-4',
      't-3',
      't-2',
    ]);
    // milliseconds since 1970 work the same
    const ms = `from=${Date.parse(at('t-2'))}&to=${Date.parse(at('t-7'))}&side=buy`;
    expect((await walk('trades', ms, 1)).map((t) => t.exchangeTradeId)).toEqual([
      't-6',
      't-4',
      't-2',
    ]);
    expect(await walk('trades', `from=${encodeURIComponent(at('t-9'))}&side=sell`)).toEqual([
      expect.objectContaining({ exchangeTradeId: 't-9' }),
    ]);
    expect(await walk('trades', 'to=2000-01-01T00:00:00Z')).toEqual([]);
  });

  it('events: one type or a comma list of them, across pages', async () => {
    const messages = (items: Item[]) => items.map((item) => item.message);
    expect(messages(await walk('events', 'type=bot.claimed,bot.released', 1))).toEqual([
      'e-6',
      'e-4',
      'e-3',
      'e-1',
    ]);
    expect(messages(await walk('events', 'type=order.intent'))).toEqual(['e-5', 'e-2']);
    expect(await walk('events', 'type=bot.never_written')).toEqual([]);
  });

  it('refuses bad filters with a 400 naming each field', async () => {
    const refusals: [string, string[]][] = [
      ['orders?status=opened', ['status']],
      ['orders?status=open&status=filled', ['status']],
      ['orders?side=long&type=stop', ['side', 'type']],
      ['trades?from=yesterday', ['from']],
      ['trades?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', ['to']],
      ['trades?to=2026-02-30T00:00:00Z', ['to']],
      ['events?type=BOT.CLAIMED', ['type']],
      ['events?type=bot.claimed&type=bot.released', ['type']],
      ['events?type=', ['type']],
      ['events?kind=bot.claimed', ['kind']],
    ];
    for (const [path, fields] of refusals) {
      const answer = await api.get(`/bots/${botId}/${path}`, { token });
      expect({
        path,
        status: answer.status,
        fields: answer.body.errors?.map((e: Item) => e.field),
      }).toEqual({ path, status: 400, fields });
    }
  });

  it("another user's bot stays a 404 whatever the filters", async () => {
    const other = await api.signIn('filters-other@example.com');
    for (const path of ['orders?status=open', 'trades?from=0', 'events?type=bot.claimed']) {
      const answer = await api.get(`/bots/${botId}/${path}`, { token: other });
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
    }
  });

  it('the document describes each filter', async () => {
    const { body } = await api.get('/docs/openapi.json');
    const names = (path: string) =>
      body.paths[path].get.parameters
        .filter((p: { in: string }) => p.in === 'query')
        .map((p: { name: string }) => p.name);
    expect(names('/bots/{id}/orders')).toEqual([
      'limit',
      'cursor',
      'before',
      'status',
      'side',
      'type',
    ]);
    expect(names('/bots/{id}/trades')).toEqual(['limit', 'cursor', 'before', 'side', 'from', 'to']);
    expect(names('/bots/{id}/events')).toEqual(['limit', 'cursor', 'before', 'type']);
    const type = body.paths['/bots/{id}/events'].get.parameters.find(
      (p: { name: string }) => p.name === 'type',
    );
    expect(type.description).toContain('comma-separated');
    expect(type.schema.pattern).toBeDefined();
  });
});
