import { strategyNames } from '@platform/strategies';
import {
  type ApiClient,
  seedAccount,
  seedBots,
  seedRuntime,
  type SeededBot,
} from '@platform/testing';
import type { Client } from 'pg';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { signUpAndSignIn } from '../test-support/users';

const COUNT = 250;
const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
const ACTUAL = ['running', 'starting', 'stopping', 'error', 'stopped'] as const;
// Pairs that differ only in case (they sort together, the id decides), and a literal %.
const nameOf = (n: number) =>
  n % 10 === 0
    ? `Pair ${n / 10}`
    : n % 10 === 1
      ? `pair ${(n - 1) / 10}`
      : n === 7
        ? '100% grid'
        : `Bot ${n}`;

interface Listed {
  items: { id: string; name: string; symbol: string; status: { actual: string } }[];
  nextCursor: string | null;
  total: number;
}

// GET /bots over 250 seeded bots: filters, the total, and keyset pages in both orders that
// neither repeat nor skip a bot, even where many bots share a creation time or a name key.
describe('GET /bots: filters, sort and total', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let token: string;
  let bots: (SeededBot & { actual: (typeof ACTUAL)[number] })[];

  beforeAll(async () => {
    bed = await startGatewayTestBed({
      RATE_LIMIT_PER_USER_PER_MIN: '100000',
      RATE_LIMIT_PER_IP_PER_MIN: '100000',
    });
    api = bed.api;
    sql = await bed.connectSql();
    const user = await signUpAndSignIn(api, 'lister@example.com');
    token = user.token;
    const account = await seedAccount(sql, user.id);
    const seeded = await seedBots(sql, COUNT, {
      user: user.id,
      account: (n) => (n % 7 === 0 ? account.id : null),
      name: nameOf,
      symbol: (n) => SYMBOLS[n % 3],
      strategy: (n) => strategyNames[n % 4],
      state: (n) => (n % 5 < 2 ? 'running' : 'stopped'),
      lastError: (n) => (n % 5 === 3 ? 'insufficient funds' : null),
      // groups of five bots created at the same instant: the id orders them
      secondsAgo: (n) => Math.floor(n / 5),
    });
    // held by a worker (ticking "in the future": fresh however slow this machine is)
    for (const [n, bot] of seeded.entries())
      if (n % 5 === 0 || n % 5 === 2) await seedRuntime(sql, bot, { lastTickSecondsAgo: -600 });
    bots = seeded.map((bot, n) => ({ ...bot, actual: ACTUAL[n % 5] }));
  });

  afterAll(() => bed?.close());

  const list = async (query: string): Promise<Listed> => {
    const answer = await api.get(`/bots?${query}`, { token });
    if (answer.status !== 200)
      throw new Error(`GET /bots?${query}: ${answer.status} ${answer.text}`);
    return answer.body;
  };

  /** Every page of `query`, `limit` at a time: the ids in order, and each page's total. */
  const walk = async (query: string, limit: number) => {
    const ids: string[] = [];
    const totals = new Set<number>();
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${cursor}` : '';
      const page = await list(`${query}&limit=${limit}${after}`);
      ids.push(...page.items.map((item) => item.id));
      totals.add(page.total);
      cursor = page.nextCursor;
    } while (cursor);
    return { ids, totals: [...totals] };
  };

  /** The ids in the order the database gives for the whole list at once. */
  const expectedOrder = async (orderBy: string, ids: string[]) =>
    (
      await sql.query<{ id: string }>(
        `SELECT id FROM bots WHERE id = ANY($1::uuid[]) ORDER BY ${orderBy}`,
        [ids],
      )
    ).rows.map((row) => row.id);

  const idsWhere = (keep: (bot: (typeof bots)[number]) => boolean) =>
    bots.filter(keep).map((bot) => bot.id);

  it('pages newest first and by name without repeating or skipping a bot', async () => {
    const all = idsWhere(() => true);
    const created = await walk('sort=created', 7);
    expect(created.ids).toEqual(await expectedOrder('created_at DESC, id DESC', all));
    expect(created.totals).toEqual([COUNT]);
    const byName = await walk('sort=name', 9);
    expect(byName.ids).toEqual(await expectedOrder('lower(name), id', all));
    expect(new Set(byName.ids).size).toBe(COUNT);
    expect(byName.totals).toEqual([COUNT]);
    // case aside: "Pair 3" and "pair 3" sit side by side
    const names = (await list('sort=name&limit=200&q=pair 3')).items.map((item) => item.name);
    expect(names.slice(0, 2).sort()).toEqual(['Pair 3', 'pair 3']);
  });

  it('pages a filtered list in both orders, its total counting the filter', async () => {
    const grid = idsWhere((bot) => bot.strategy === 'grid');
    for (const [sort, orderBy] of [
      ['name', 'lower(name), id'],
      ['created', 'created_at DESC, id DESC'],
    ]) {
      const walked = await walk(`strategy=grid&sort=${sort}`, 6);
      expect(walked.ids).toEqual(await expectedOrder(orderBy, grid));
      expect(walked.totals).toEqual([grid.length]);
    }
    const running = idsWhere((bot) => bot.actual === 'running' && bot.symbol === 'ETH/USDT');
    const walked = await walk('status=running&symbol=ETH/USDT&sort=name', 4);
    expect(walked.ids).toEqual(await expectedOrder('lower(name), id', running));
  });

  it('filters by actual state as the list shows it', async () => {
    for (const state of ACTUAL) {
      const page = await list(`status=${state}&limit=200`);
      expect(new Set(page.items.map((item) => item.status.actual))).toEqual(new Set([state]));
      expect(page.total).toBe(idsWhere((bot) => bot.actual === state).length);
    }
  });

  it('filters by strategy, mode, exchange and symbol, together too', async () => {
    const cases: [string, (bot: (typeof bots)[number]) => boolean][] = [
      ['strategy=dca', (bot) => bot.strategy === 'dca'],
      ['mode=live', (bot) => bot.mode === 'live'],
      ['mode=paper&symbol=SOL/USDT', (bot) => bot.mode === 'paper' && bot.symbol === 'SOL/USDT'],
      ['exchangeId=binance', () => true],
      [
        'symbol=eth/usdt&strategy=sma-cross',
        (b) => b.symbol === 'ETH/USDT' && b.strategy === 'sma-cross',
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = idsWhere(keep);
      const walked = await walk(query, 100);
      expect({ query, totals: walked.totals }).toEqual({ query, totals: [expected.length] });
      expect(new Set(walked.ids)).toEqual(new Set(expected));
    }
  });

  it('q finds part of the name or the symbol, case aside, wildcards as plain characters', async () => {
    expect((await list('q=PAIR 2&limit=200')).total).toBe(
      idsWhere((bot) => bot.name.toLowerCase().includes('pair 2')).length,
    );
    expect((await list('q=sol/&limit=200')).total).toBe(
      idsWhere((b) => b.symbol === 'SOL/USDT').length,
    );
    const percent = await list(`q=${encodeURIComponent('%')}`);
    expect(percent.items.map((item) => item.name)).toEqual(['100% grid']);
    expect((await list('q=_')).total).toBe(0);
    expect((await list('q=%20%20')).total).toBe(COUNT); // empty after trimming: no filter
  });

  it('leaves deleted bots out of the pages and the total', async () => {
    const deleted = bots.find((bot) => bot.actual === 'stopped' && bot.strategy === 'grid');
    expect((await api.delete(`/bots/${deleted?.id}`, { token })).status).toBe(204);
    const grid = await walk('strategy=grid', 50);
    expect(grid.ids).not.toContain(deleted?.id);
    expect(grid.totals).toEqual([idsWhere((bot) => bot.strategy === 'grid').length - 1]);
  });

  it('answers each query from its own cached page', async () => {
    // within BOTS_LIST_CACHE_MS and the same bots version, one after the other
    const paper = await list('mode=paper&limit=5');
    const live = await list('mode=live&limit=5');
    expect(paper.total).not.toBe(live.total);
    expect(new Set(live.items.map((item) => item.id))).not.toEqual(
      new Set(paper.items.map((item) => item.id)),
    );
  });

  it('names each bad field in a 400', async () => {
    const nameCursor = (await list('sort=name&limit=1')).nextCursor;
    const timeCursor = (await list('sort=created&limit=1')).nextCursor;
    for (const [query, field] of [
      ['status=sleeping', 'status'],
      ['strategy=martingale', 'strategy'],
      ['mode=demo', 'mode'],
      ['exchangeId=kraken', 'exchangeId'],
      ['symbol=bitcoin', 'symbol'],
      [`q=${'x'.repeat(101)}`, 'q'],
      ['q=a%00b', 'q'],
      ['sort=newest', 'sort'],
      [`sort=name&cursor=${timeCursor}`, 'cursor'],
      [`cursor=${nameCursor}`, 'cursor'],
      [`sort=name&cursor=${'A'.repeat(3000)}`, 'cursor'],
    ]) {
      const answer = await api.get(`/bots?${query}`, { token });
      expect({
        query: query.slice(0, 40),
        status: answer.status,
        fields: answer.body.errors?.map((error: { field: string }) => error.field),
      }).toEqual({ query: query.slice(0, 40), status: 400, fields: [field] });
    }
  });

  it('documents the filters, the sort and the total', async () => {
    const { body } = await api.get('/docs/openapi.json');
    const operation = body.paths['/bots'].get;
    const names = operation.parameters.map((parameter: { name: string }) => parameter.name);
    expect(names).toEqual(
      expect.arrayContaining(['status', 'strategy', 'mode', 'exchangeId', 'symbol', 'q', 'sort']),
    );
    const sort = operation.parameters.find(
      (parameter: { name: string }) => parameter.name === 'sort',
    );
    expect(sort.schema).toMatchObject({ enum: ['created', 'name'], default: 'created' });
    const pageSchema = operation.responses['200'].content['application/json'].schema;
    expect(pageSchema.required).toContain('total');
  });
});
