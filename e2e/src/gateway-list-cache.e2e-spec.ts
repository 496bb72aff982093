import { runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  type ResponseBody,
  seedRuntime,
  type TestDatabase,
  TestRedisServer,
  waitForStatus,
} from '@platform/testing';
import { Client } from 'pg';
import { type RunningService, startService } from './support/cluster';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Each gateway process keeps GET /bots pages in memory for BOTS_LIST_CACHE_MS, keyed by the
// user's bots version that every write through any gateway replaces in Redis. A and B cache
// for 30 s: only the version can make a list on one show a write made on the other. C has the
// default second: what workers write (no version bump) must show within it.
describe('gateway: the GET /bots cache across gateway processes', () => {
  const password = 'correct horse battery staple';
  let db: TestDatabase;
  let redis: TestRedisServer;
  let sql: Client;
  let gateways: RunningService[] = [];
  let a: ApiClient;
  let b: ApiClient;
  let c: ApiClient;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(runMigrations), TestRedisServer.start()]);
    const deps = { databaseUrl: db.url, redisUrl: redis.url };
    gateways = await Promise.all([
      startService('api-gateway', deps, { BOTS_LIST_CACHE_MS: '30000' }),
      startService('api-gateway', deps, { BOTS_LIST_CACHE_MS: '30000' }),
      startService('api-gateway', deps), // the default: 1000 ms
    ]);
    await Promise.all(gateways.map((g) => waitForStatus(g.url('/health/live'), 200)));
    [a, b, c] = gateways.map((g) => new ApiClient(g.baseUrl));
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await Promise.all(gateways.map((g) => g.process.kill()));
    await redis?.stop();
    await db?.drop();
  });

  const list = async (api: ApiClient, token: string): Promise<ResponseBody[]> => {
    const answer = await api.call('GET', '/bots', { token });
    expect(answer.status).toBe(200);
    return answer.body.items;
  };
  const summary = (items: ResponseBody[]) =>
    items.map((bot: ResponseBody) => `${bot.name}:${bot.desiredState}:${bot.status.actual}`);
  const newBot = (name: string) => ({
    name,
    exchangeId: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1m',
    strategy: 'sma-cross',
  });

  it('a write answered by one gateway is in the very next list of the other', async () => {
    const token = await a.signIn('two-replicas@example.com', password);
    // both caches hold the empty list
    expect(await list(a, token)).toEqual([]);
    expect(await list(b, token)).toEqual([]);

    const one = await a.call('POST', '/bots', { token, body: newBot('one') });
    expect(one.status).toBe(201);
    expect(summary(await list(b, token))).toEqual(['one:stopped:stopped']);

    expect((await b.call('POST', '/bots', { token, body: newBot('two') })).status).toBe(201);
    expect(summary(await list(a, token))).toEqual(['two:stopped:stopped', 'one:stopped:stopped']);
    expect(summary(await list(b, token))).toEqual(['two:stopped:stopped', 'one:stopped:stopped']);

    // The cache is really in use: a change behind the API's back (no version bump) is not seen
    // by B within its 30 s, so the fresh lists above and below are the version's doing.
    await sql.query(`UPDATE bots SET name = 'renamed behind its back' WHERE id = $1`, [
      one.body.id,
    ]);
    expect(summary(await list(b, token))).toEqual(['two:stopped:stopped', 'one:stopped:stopped']);
    await sql.query(`UPDATE bots SET name = 'one' WHERE id = $1`, [one.body.id]);

    const patched = await a.call('PATCH', `/bots/${one.body.id}`, {
      token,
      body: { name: 'one, renamed' },
    });
    expect(patched.status).toBe(200);
    expect(summary(await list(b, token))).toEqual([
      'two:stopped:stopped',
      'one, renamed:stopped:stopped',
    ]);

    expect((await b.call('POST', `/bots/${one.body.id}/start`, { token })).status).toBe(200);
    expect(summary(await list(a, token))).toEqual([
      'two:stopped:stopped',
      'one, renamed:running:starting',
    ]);

    expect((await a.call('POST', `/bots/${one.body.id}/stop`, { token })).status).toBe(200);
    expect(summary(await list(b, token))).toEqual([
      'two:stopped:stopped',
      'one, renamed:stopped:stopped',
    ]);

    expect((await b.call('DELETE', `/bots/${one.body.id}`, { token })).status).toBe(204);
    expect(summary(await list(a, token))).toEqual(['two:stopped:stopped']);
    expect(summary(await list(b, token))).toEqual(['two:stopped:stopped']);

    // pages of another size or position are cached (and invalidated) on their own
    expect((await a.call('POST', '/bots', { token, body: newBot('three') })).status).toBe(201);
    const firstPage = await b.call('GET', '/bots?limit=1', { token });
    expect(firstPage.body.items.map((bot: ResponseBody) => bot.name)).toEqual(['three']);
    const secondPage = await b.call(
      'GET',
      `/bots?limit=1&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`,
      { token },
    );
    expect(secondPage.body.items.map((bot: ResponseBody) => bot.name)).toEqual(['two']);
    expect((await a.call('DELETE', `/bots/${secondPage.body.items[0].id}`, { token })).status).toBe(
      204,
    );
    const again = await b.call(
      'GET',
      `/bots?limit=1&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`,
      { token },
    );
    expect(again.body.items).toEqual([]);
  });

  it('another user never gets a cached page of someone else', async () => {
    const owner = await a.signIn('owner-of-bots@example.com', password);
    const other = await b.signIn('not-the-owner@example.com', password);
    expect((await a.call('POST', '/bots', { token: owner, body: newBot('mine') })).status).toBe(
      201,
    );
    expect(summary(await list(b, owner))).toEqual(['mine:stopped:stopped']);
    expect(await list(b, other)).toEqual([]);
  });

  it('what a worker writes (claim, engine error) shows within BOTS_LIST_CACHE_MS (1 s)', async () => {
    const token = await c.signIn('watched-by-workers@example.com', password);
    const created = await c.call('POST', '/bots', { token, body: newBot('worked') });
    expect((await c.call('POST', `/bots/${created.body.id}/start`, { token })).status).toBe(200);
    expect(summary(await list(c, token))).toEqual(['worked:running:starting']); // cached now

    /** Polls C until `expected`; how long after the write it took. */
    const seenAfter = async (expected: string, write: () => Promise<unknown>) => {
      await write();
      const committed = Date.now();
      for (;;) {
        const items = await list(c, token);
        if (summary(items)[0] === expected) return { ms: Date.now() - committed, items };
        if (Date.now() - committed > 5000) throw new Error(`still ${summary(items)} after 5 s`);
        await sleep(20);
      }
    };
    // what a bot-worker's claim writes (libs/persistence fenced-writer), then one tick
    const claimed = await seenAfter('worked:running:running', () =>
      seedRuntime(sql, created.body.id, { workerId: 'worker-e2e', host: 'e2e' }),
    );
    expect(claimed.items[0].status.workerId).toBe('worker-e2e');
    // the engine stops it with an error and the worker lets go
    const failed = await seenAfter('worked:stopped:error', async () => {
      await sql.query(
        `UPDATE bots SET desired_state = 'stopped', last_error = 'engine: boom', last_error_at = now() WHERE id = $1`,
        [created.body.id],
      );
      await sql.query(
        `UPDATE bot_runtime SET released_at = clock_timestamp(), worker_id = NULL WHERE bot_id = $1`,
        [created.body.id],
      );
    });
    expect(failed.items[0].lastError).toBe('engine: boom');
    // 1 s, plus the time of the request that saw it on this small, shared machine
    expect(claimed.ms).toBeLessThan(1000 + 400);
    expect(failed.ms).toBeLessThan(1000 + 400);
  });

  it('no gateway crashed', () => {
    for (const gateway of gateways) expect(gateway.process.running).toBe(true);
  });
});
