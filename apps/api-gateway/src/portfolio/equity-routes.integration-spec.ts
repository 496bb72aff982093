import { type ApiClient, seedBot, seedBotEquity, seedPortfolioEquity } from '@platform/testing';
import type { Client } from 'pg';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { signUpAndSignIn } from '../test-support/users';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// GET /bots/{id}/equity and GET /portfolio/equity: the charts' histories over EquityStore,
// every range refused at its field (400), never the store's RangeError (500).
describe('equity routes', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let token: string;
  let userId: string;
  let otherToken: string;
  let botId: string;
  /** An hour ago, on the minute: the seeded histories start here. */
  let start: Date;

  const minute = (n: number) => new Date(start.getTime() + n * MINUTE);
  const query = (params: Record<string, string | number>) =>
    `?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`;

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
    sql = await bed.connectSql();
    ({ token, id: userId } = await signUpAndSignIn(api, 'charts@example.com'));
    ({ token: otherToken } = await signUpAndSignIn(api, 'other-charts@example.com'));
    start = new Date(Math.floor((Date.now() - 60 * MINUTE) / MINUTE) * MINUTE);
    botId = (await seedBot(sql, { user: userId, state: 'running' })).id;
    await seedBotEquity(sql, botId, { from: start, count: 30 });
  });

  afterAll(() => bed?.close());

  describe('GET /bots/{id}/equity', () => {
    it('answers the last 24 hours by default, in at most 300 points, oldest first', async () => {
      const answer = await api.get(`/bots/${botId}/equity`, { token });

      expect(answer.status).toBe(200);
      expect(answer.body.botId).toBe(botId);
      expect(answer.body.maxPoints).toBe(300);
      const to = Date.parse(answer.body.to);
      expect(to - Date.parse(answer.body.from)).toBe(DAY);
      expect(Math.abs(to - Date.now())).toBeLessThan(60_000);
      // a day in 300 points: buckets of about 5 minutes, each shown by its newest snapshot
      const at = answer.body.points.map((p: { at: string }) => Date.parse(p.at));
      expect(at.length).toBeGreaterThanOrEqual(6);
      expect(at.length).toBeLessThanOrEqual(8);
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(at.at(-1)).toBe(minute(29).getTime());
    });

    it('answers every snapshot as it was written when the points allow it', async () => {
      const answer = await api.get(`/bots/${botId}/equity${query({ points: 5000 })}`, { token });

      expect(answer.status).toBe(200);
      expect(answer.body.points).toHaveLength(30);
      expect(answer.body.points[0]).toEqual({
        at: minute(0).toISOString(),
        equity: '1000',
        realizedProfit: '0',
        unrealizedProfit: '0',
        positionBase: '0',
        price: null,
      });
      expect(answer.body.points[29].at).toBe(minute(29).toISOString());
    });

    it('takes from and to (ISO or ms since 1970, both ends included) and thins to `points`', async () => {
      const range = await api.get(
        `/bots/${botId}/equity${query({ from: minute(5).toISOString(), to: minute(9).getTime() })}`,
        { token },
      );
      expect(range.status).toBe(200);
      expect(range.body.points.map((p: { equity: string }) => p.equity)).toEqual([
        '1005',
        '1006',
        '1007',
        '1008',
        '1009',
      ]);

      const thin = await api.get(
        `/bots/${botId}/equity${query({ from: minute(0).toISOString(), to: minute(29).toISOString(), points: 2 })}`,
        { token },
      );
      expect(thin.status).toBe(200);
      expect(thin.body.maxPoints).toBe(2);
      expect(thin.body.points.length).toBeGreaterThanOrEqual(1);
      expect(thin.body.points.length).toBeLessThanOrEqual(2);
      // each bucket shows its newest snapshot: the last one is the range's last minute
      expect(thin.body.points.at(-1).at).toBe(minute(29).toISOString());
    });

    it('a bot without snapshots in the range answers an empty list', async () => {
      const quiet = (await seedBot(sql, { user: userId, state: 'stopped' })).id;
      const answer = await api.get(`/bots/${quiet}/equity`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body.points).toEqual([]);
    });

    it("another user's bot, a deleted one and an unknown one are a 404", async () => {
      const deleted = (await seedBot(sql, { user: userId, state: 'stopped' })).id;
      await seedBotEquity(sql, deleted, { from: start, count: 3 });
      expect((await api.delete(`/bots/${deleted}`, { token })).status).toBe(204);

      for (const [id, as] of [
        [botId, otherToken],
        [deleted, token],
        ['00000000-0000-4000-8000-000000000000', token],
      ]) {
        const answer = await api.get(`/bots/${id}/equity`, { token: as });
        expect(answer.status).toBe(404);
        expect(answer.body.code).toBe('not_found');
      }
      expect((await api.get(`/bots/${botId}/equity`)).status).toBe(401);
    });

    it.each([
      [{ points: 1 }, 'points', /from 2 to 5000/],
      [{ points: 5001 }, 'points', /from 2 to 5000/],
      [{ points: 'many' }, 'points', /whole number/],
      [{ points: '2.5' }, 'points', /whole number/],
      [{ from: 'yesterday' }, 'from', /ISO 8601/],
      [{ to: '2026-13-01T00:00:00Z' }, 'to', /ISO 8601/],
      [{ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, 'to', /earlier than from/],
      [{ from: Date.now() + DAY }, 'from', /later than now/],
      [{ from: '2025-01-01T00:00:00Z', to: '2026-02-05T00:00:01Z' }, 'from', /400 days/],
      [{ to: '2020-01-01T00:00:00Z', from: '2018-01-01T00:00:00Z' }, 'from', /400 days/],
      [{ window: '1d' }, 'window', /unknown field/],
    ])('refuses %j with a 400 at %s', async (params, field, message) => {
      const answer = await api.get(`/bots/${botId}/equity${query(params)}`, { token });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    });

    it('takes a range of exactly 400 days and a single instant', async () => {
      const to = Date.now();
      const longest = await api.get(
        `/bots/${botId}/equity${query({ from: to - 400 * DAY, to, points: 5000 })}`,
        { token },
      );
      expect(longest.status).toBe(200);
      expect(longest.body.points.length).toBeGreaterThan(0);
      const instant = minute(3).toISOString();
      const one = await api.get(`/bots/${botId}/equity${query({ from: instant, to: instant })}`, {
        token,
      });
      expect(one.status).toBe(200);
      expect(one.body.points.map((p: { at: string }) => p.at)).toEqual([instant]);
    });
  });

  describe('GET /portfolio/equity', () => {
    beforeAll(async () => {
      await seedPortfolioEquity(sql, userId, {
        mode: 'paper',
        quote: 'USDT',
        from: start,
        count: 20,
        bots: 3,
      });
      await seedPortfolioEquity(sql, userId, {
        mode: 'live',
        quote: 'USDT',
        from: start,
        count: 20,
        base: 50,
      });
      await seedPortfolioEquity(sql, userId, {
        mode: 'paper',
        quote: 'BTC',
        from: start,
        count: 20,
        base: 1,
      });
    });

    it('answers one mode and quote currency, never another added in', async () => {
      const answer = await api.get(
        `/portfolio/equity${query({ mode: 'paper', quote: 'usdt', points: 5000 })}`,
        { token },
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ mode: 'paper', quote: 'USDT', maxPoints: 5000 });
      expect(answer.body.points).toHaveLength(20);
      expect(answer.body.points[0]).toEqual({
        at: minute(0).toISOString(),
        equity: '1000',
        realizedProfit: '0',
        unrealizedProfit: '0',
        bots: 3,
      });
      const live = await api.get(
        `/portfolio/equity${query({ mode: 'live', quote: 'USDT', points: 2 })}`,
        {
          token,
        },
      );
      expect(live.status).toBe(200);
      expect(live.body.points.length).toBeLessThanOrEqual(2);
      expect(live.body.points.at(-1)).toMatchObject({ at: minute(19).toISOString(), equity: '69' });
    });

    it("shows only the caller's own totals", async () => {
      const answer = await api.get(`/portfolio/equity${query({ mode: 'paper', quote: 'USDT' })}`, {
        token: otherToken,
      });
      expect(answer.status).toBe(200);
      expect(answer.body.points).toEqual([]);
    });

    it.each([
      [{ quote: 'USDT' }, 'mode', /paper|live|expected/i],
      [{ mode: 'paper' }, 'quote', /./],
      [{ mode: 'demo', quote: 'USDT' }, 'mode', /./],
      [{ mode: 'paper', quote: 'US-DT' }, 'quote', /currency code/],
      [{ mode: 'paper', quote: 'USDT', points: 0 }, 'points', /from 2 to 5000/],
      [
        { mode: 'paper', quote: 'USDT', to: '2026-01-01T00:00:00Z', from: '2026-01-02T00:00:00Z' },
        'to',
        /earlier than from/,
      ],
      [{ mode: 'paper', quote: 'USDT', from: '2024-01-01T00:00:00Z' }, 'from', /400 days/],
    ])('refuses %j with a 400 at %s', async (params, field, message) => {
      const answer = await api.get(`/portfolio/equity${query(params)}`, { token });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    });
  });

  it('both routes are in the OpenAPI document with their parameters', async () => {
    const { body } = await api.get('/docs/openapi.json');
    const names = (path: string) =>
      (body.paths[path].get.parameters as { name: string }[]).map((p) => p.name).sort();
    expect(names('/bots/{id}/equity')).toEqual(['from', 'id', 'points', 'to']);
    expect(names('/portfolio/equity')).toEqual(['from', 'mode', 'points', 'quote', 'to']);
    expect(body.paths['/portfolio/equity'].get.responses['200']).toBeDefined();
  });
});
