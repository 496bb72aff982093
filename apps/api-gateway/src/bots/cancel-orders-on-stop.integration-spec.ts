import { type ApiClient, seedRuntime } from '@platform/testing';
import type { Client } from 'pg';
import { createBot, smaCrossBot } from '../test-support/bots';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

// The per-bot choice bot-workers read when the user stops or deletes a bot: cancel its open
// orders at the exchange first (the default), or leave them resting.
describe('cancelOrdersOnStop', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let token: string;
  const column = async (id: string) =>
    (await sql.query(`SELECT cancel_orders_on_stop FROM bots WHERE id = $1`, [id])).rows[0]
      .cancel_orders_on_stop as boolean;

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    api = bed.api;
    sql = await bed.connectSql();
    token = await api.signIn('stopper@example.com');
  });

  afterAll(() => bed?.close());

  it('defaults to true', async () => {
    const created = await api.post('/bots', { token, body: smaCrossBot('default') });
    expect(created.status).toBe(201);
    expect(created.body.cancelOrdersOnStop).toBe(true);
    expect(await column(created.body.id)).toBe(true);
  });

  it('created false: the view and the column say false; a PATCH turns it true', async () => {
    const created = await api.post('/bots', {
      token,
      body: smaCrossBot('keeps orders', { cancelOrdersOnStop: false }),
    });
    expect(created.status).toBe(201);
    expect(created.body.cancelOrdersOnStop).toBe(false);
    const id = created.body.id as string;
    expect(await column(id)).toBe(false);
    expect((await api.get(`/bots/${id}`, { token })).body.cancelOrdersOnStop).toBe(false);
    const listed = (await api.get('/bots', { token })).body.items.find(
      (item: { id: string }) => item.id === id,
    );
    expect(listed.cancelOrdersOnStop).toBe(false);

    const patched = await api.patch(`/bots/${id}`, { token, body: { cancelOrdersOnStop: true } });
    expect(patched.status).toBe(200);
    expect(patched.body.cancelOrdersOnStop).toBe(true);
    expect(await column(id)).toBe(true);
  });

  it('may change while the bot runs (it is read when the stop happens), unlike its strategy', async () => {
    const id = await createBot(api, token, smaCrossBot('running'));
    expect((await api.post(`/bots/${id}/start`, { token })).status).toBe(200);
    await seedRuntime(sql, id, { workerId: 'worker-1', host: 'notebook' });
    const patched = await api.patch(`/bots/${id}`, { token, body: { cancelOrdersOnStop: false } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ cancelOrdersOnStop: false, desiredState: 'running' });
    expect(await column(id)).toBe(false);
    const [event] = (
      await sql.query(
        `SELECT data FROM bot_events WHERE bot_id = $1 AND type = 'bot.updated' ORDER BY id DESC LIMIT 1`,
        [id],
      )
    ).rows;
    expect(event.data).toEqual({ by: 'api', fields: ['cancel_orders_on_stop'] });
    const strategy = await api.patch(`/bots/${id}`, {
      token,
      body: { cancelOrdersOnStop: true, strategy: 'rsi-reversion', params: {} },
    });
    expect(strategy.status).toBe(409);
    expect(await column(id)).toBe(false);
  });

  it('400 at the field for anything but a boolean', async () => {
    const id = await createBot(api, token, smaCrossBot('strict'));
    for (const value of ['false', 0, null]) {
      const answer = await api.patch(`/bots/${id}`, { token, body: { cancelOrdersOnStop: value } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { field: 'cancelOrdersOnStop', message: expect.any(String) },
      ]);
    }
    const create = await api.post('/bots', {
      token,
      body: smaCrossBot('bad', { cancelOrdersOnStop: 'yes' }),
    });
    expect(create.status).toBe(400);
    expect(create.body.errors).toEqual([
      { field: 'cancelOrdersOnStop', message: expect.any(String) },
    ]);
  });
});
