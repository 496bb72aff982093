import {
  type ApiClient,
  seedAccount,
  seedBot,
  seedOrder,
  seedPosition,
  seedRuntime,
  waitFor,
} from '@platform/testing';
import type { Client } from 'pg';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { signUpAndSignIn } from '../test-support/users';
import { subscribeWhenReady } from '@platform/redis';

// POST /bots/{id}/cancel-orders and /liquidate as the gateway answers them (no worker here:
// the engine's and e2e specs carry them out): recorded in Postgres, a hint, 202 with what will
// happen; asking twice is one action; 409 when there is nothing to do; tenancy.
describe('manual bot actions (the requests)', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let token: string;
  let userId: string;
  let otherToken: string;
  const hints: string[] = [];

  const stoppedBot = async () => (await seedBot(sql, { user: userId, state: 'stopped' })).id;
  const actionsOf = async (botId: string) =>
    (
      await sql.query(
        `SELECT kind, status FROM bot_actions WHERE bot_id = $1 ORDER BY requested_at`,
        [botId],
      )
    ).rows;

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
    sql = await bed.connectSql();
    ({ token, id: userId } = await signUpAndSignIn(api, 'actions@example.com'));
    ({ token: otherToken } = await signUpAndSignIn(api, 'other-actions@example.com'));
    // the bot-workers' side of the transport: the hint names the bot
    const subscriber = bed.connectRedis();
    await subscribeWhenReady(subscriber, { channels: ['bots.changed'] });
    subscriber.on('message', (_channel: string, message: string) => hints.push(message));
  });

  afterAll(() => bed?.close());

  it('cancel-orders: 202 with the action, its Location and what will happen; a hint to the workers', async () => {
    const botId = await stoppedBot();
    await seedOrder(sql, botId, { status: 'open', type: 'limit', price: '29000' });
    await seedOrder(sql, botId, { status: 'open', type: 'limit', price: '29500' });

    const answer = await api.post(`/bots/${botId}/cancel-orders`, { token });

    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({
      alreadyRequested: false,
      action: {
        botId,
        kind: 'cancel_orders',
        status: 'pending',
        finishedAt: null,
        result: null,
        orderId: null,
      },
    });
    expect(answer.body.message).toMatch(/next bot-worker .* cancels its 2 open orders/);
    expect(answer.headers.get('location')).toBe(`/bots/${botId}/actions/${answer.body.action.id}`);
    const followed = await api.get(answer.headers.get('location')!, { token });
    expect(followed.status).toBe(200);
    expect(followed.body).toEqual(answer.body.action);
    await waitFor('the bots.changed hint', () => hints.some((hint) => hint.includes(botId)));
    const [event] = (
      await sql.query(
        `SELECT fence_token, message, data FROM bot_events WHERE bot_id = $1 AND type = 'action.requested'`,
        [botId],
      )
    ).rows;
    expect(event).toMatchObject({
      fence_token: null,
      data: { by: 'api', actionId: answer.body.action.id, kind: 'cancel_orders' },
    });
  });

  it('asking twice is one action (alreadyRequested), one row and one event', async () => {
    const botId = await stoppedBot();
    await seedPosition(sql, botId, { baseAmount: '0.5', averageEntry: '30000' });

    const first = await api.post(`/bots/${botId}/liquidate`, { token });
    const second = await api.post(`/bots/${botId}/liquidate`, { token });

    expect(first.status).toBe(202);
    expect(first.body.message).toMatch(
      /sells the 0\.5 BTC it holds at the market, then stops the bot/,
    );
    expect(second.status).toBe(202);
    expect(second.body.alreadyRequested).toBe(true);
    expect(second.body.action).toEqual(first.body.action);
    expect(await actionsOf(botId)).toEqual([{ kind: 'liquidate', status: 'pending' }]);
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM bot_events WHERE bot_id = $1 AND type = 'action.requested'`,
      [botId],
    );
    expect(rows[0].n).toBe(1);
    // a start now would be undone by the stop that ends the sell-all
    const start = await api.post(`/bots/${botId}/start`, { token });
    expect(start.status).toBe(409);
    expect(start.body.message).toMatch(/selling everything/);
  });

  it('names the worker that holds a running bot, and says the strategy may trade on', async () => {
    const botId = (await seedBot(sql, { user: userId, state: 'running' })).id;
    await seedRuntime(sql, botId, { workerId: 'worker-7', host: 'notebook-2' });
    await seedOrder(sql, botId, {
      status: 'partially_filled',
      type: 'limit',
      price: '29000',
      filled: '0.05',
    });

    const answer = await api.post(`/bots/${botId}/cancel-orders`, { token });

    expect(answer.status).toBe(202);
    expect(answer.body.message).toMatch(
      /^its worker worker-7 on notebook-2 cancels its 1 open order /,
    );
    expect(answer.body.message).toMatch(/strategy may place new orders/);
  });

  it('409 with the reason when there is nothing to do, writing nothing', async () => {
    const botId = await stoppedBot();
    const cancel = await api.post(`/bots/${botId}/cancel-orders`, { token });
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({
      code: 'conflict',
      message: 'the bot has no open orders to cancel',
    });
    const liquidate = await api.post(`/bots/${botId}/liquidate`, { token });
    expect(liquidate.status).toBe(409);
    expect(liquidate.body.message).toMatch(/^nothing to sell and no order to cancel/);
    expect(await actionsOf(botId)).toEqual([]);

    // an intent whose fate is unknown may still come to rest: it is something to cancel
    await seedOrder(sql, botId, { status: 'intent' });
    expect((await api.post(`/bots/${botId}/cancel-orders`, { token })).status).toBe(202);
  });

  it('409 account_not_verified for a live bot on an unverified account', async () => {
    const account = await seedAccount(sql, userId, { verified: false });
    const botId = (await seedBot(sql, { account, state: 'stopped' })).id;
    await seedPosition(sql, botId, { baseAmount: '1' });
    const answer = await api.post(`/bots/${botId}/liquidate`, { token });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('account_not_verified');
  });

  it("another user's bot, a deleted one and an unknown one are a 404; so is another's action", async () => {
    const botId = await stoppedBot();
    await seedOrder(sql, botId, { status: 'open', type: 'limit', price: '29000' });
    const { body } = await api.post(`/bots/${botId}/cancel-orders`, { token });
    const deleted = await stoppedBot();
    await seedPosition(sql, deleted, { baseAmount: '1' });
    expect((await api.delete(`/bots/${deleted}`, { token })).status).toBe(204);

    for (const path of ['cancel-orders', 'liquidate']) {
      expect((await api.post(`/bots/${botId}/${path}`, { token: otherToken })).status).toBe(404);
      expect((await api.post(`/bots/${deleted}/${path}`, { token })).status).toBe(404);
      expect(
        (await api.post(`/bots/00000000-0000-4000-8000-000000000000/${path}`, { token })).status,
      ).toBe(404);
      const invalid = await api.post(`/bots/not-a-uuid/${path}`, { token });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
      expect((await api.post(`/bots/${botId}/${path}`)).status).toBe(401);
    }
    const action = `/bots/${botId}/actions/${body.action.id}`;
    expect((await api.get(action, { token: otherToken })).status).toBe(404);
    expect((await api.get(`/bots/${deleted}/actions/${body.action.id}`, { token })).status).toBe(
      404,
    );
    expect((await api.get(`/bots/${botId}/actions/nope`, { token })).body.errors).toEqual([
      { field: 'actionId', message: 'must be a UUID' },
    ]);
    expect(await actionsOf(deleted)).toEqual([]);
  });

  it('the routes are in the OpenAPI document, answering 202', async () => {
    const { body } = await api.get('/docs/openapi.json');
    for (const path of ['/bots/{id}/cancel-orders', '/bots/{id}/liquidate'])
      expect(Object.keys(body.paths[path].post.responses)).toEqual(['202', 'default']);
    expect(body.paths['/bots/{id}/actions/{actionId}'].get.responses['200']).toBeDefined();
  });
});
