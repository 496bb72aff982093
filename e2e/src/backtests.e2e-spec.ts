import { ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  SseClient,
  type TestDatabase,
  TestRedisServer,
  waitFor,
  waitForStatus,
  withPgClient,
} from '@platform/testing';
import { type RunningService, startService } from './support/cluster';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// Backtest jobs end to end (issue 13): the gateway, market-data and two bot-workers as real
// processes on their own Postgres and Redis (BullMQ on it), candles from the exchange simulator
// through the real ccxt client. The simulator's market clock runs 30 days behind real time, so
// a range in the last 30 days has no candles at all (the "no data" case).
describe('backtest jobs', () => {
  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  let gateway: RunningService;
  let marketData: RunningService;
  const workers: RunningService[] = [];
  let api: ApiClient;
  let alice: string;
  let bob: string;
  /** The end of the simulator's history (its market time), to the minute. */
  let historyEnd: number;

  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    withPgClient(db.url, async (client) => (await client.query(text, params)).rows as T[]);

  const startWorker = async (env: Record<string, string> = {}) => {
    const worker = await startService(
      'bot-worker',
      { databaseUrl: db.url, redisUrl: redis.url },
      {
        EXCHANGE_BASE_URLS: `binance=${sim.url}`,
        EXCHANGE_WEIGHT_BUDGETS: 'binance=5000',
        BACKTEST_LOCK_MS: '2000',
        BACKTEST_PROGRESS_INTERVAL_MS: '100',
        NOTIFY_WORKERS: 'false',
        ...env,
      },
    );
    workers.push(worker);
    await waitForStatus(worker.url('/health/ready'), 200);
    return worker;
  };

  /** A backtest body over `days` days ending a day before the simulator's history ends. */
  const body = (days: number, extra: Record<string, unknown> = {}) => ({
    exchangeId: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1h',
    strategy: 'sma-cross',
    params: { fastPeriod: 5, slowPeriod: 20 },
    from: historyEnd - DAY - days * DAY,
    to: historyEnd - DAY,
    startingBalance: 5000,
    ...extra,
  });

  /** The workers' output, for a failure's message. */
  const workerOutput = () =>
    workers
      .map((w) => `--- bot-worker ${w.process.pid}\n${w.process.output.slice(-4000)}`)
      .join('\n');
  const finished = (token: string, id: string, timeoutMs = 60_000) =>
    waitFor(
      `backtest ${id} to finish`,
      async () => {
        const answer = await api.get(`/backtests/${id}`, { token });
        return ['succeeded', 'failed', 'cancelled'].includes(answer.body.status)
          ? answer.body
          : undefined;
      },
      { timeoutMs, intervalMs: 200 },
    ).catch(async (error: Error) => {
      const rows = await sql(
        `SELECT id, status, progress, attempt, worker_id, error FROM backtests`,
      );
      throw new Error(`${error.message}\n${JSON.stringify(rows)}\n${workerOutput()}`);
    });

  /** POST /backtests that must be accepted; its view. */
  const create = async (token: string, request: Record<string, unknown>) => {
    const answer = await api.post('/backtests', { token, body: request });
    if (answer.status !== 202)
      throw new Error(
        `POST /backtests: ${answer.status} ${answer.text}\n${marketData.process.output.slice(-3000)}`,
      );
    return answer.body;
  };

  beforeAll(async () => {
    const marketStartMs = Math.floor((Date.now() - 30 * DAY) / MINUTE) * MINUTE;
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({
        port: 0,
        seed: 13,
        marketStartMs,
        epochMs: marketStartMs - 365 * DAY,
      }),
    ]);
    historyEnd = marketStartMs;
    const deps = { databaseUrl: db.url, redisUrl: redis.url };
    [gateway, marketData] = await Promise.all([
      startService('api-gateway', deps, { MARKET_DATA_TIMEOUT_MS: '30000' }),
      startService('market-data', deps, {
        EXCHANGE_BASE_URLS: `binance=${sim.url}`,
        MARKET_STREAMS: 'off',
      }),
    ]);
    await Promise.all([
      waitForStatus(gateway.url('/health/live'), 200),
      waitForStatus(marketData.url('/health/ready'), 200),
    ]);
    api = new ApiClient(gateway.baseUrl);
    [alice, bob] = await Promise.all([
      api.signIn('alice-backtests@example.com'),
      api.signIn('bob-backtests@example.com'),
    ]);
    // the gateway's transport client subscribes to its reply channels on first use: warm it up
    await waitFor(
      'market-data to answer through the gateway',
      async () =>
        (
          await api.get(
            `/market/binance/candles?symbol=BTC/USDT&timeframe=1d&since=${historyEnd - 5 * DAY}&to=${historyEnd}`,
            { token: alice },
          )
        ).status === 200,
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  }, 120_000);

  // what a test leaves unfinished must not queue ahead of the next test's jobs
  afterEach(() =>
    sql(
      `UPDATE backtests SET status = 'cancelled', finished_at = now() WHERE status IN ('queued', 'running')`,
    ),
  );

  afterAll(async () => {
    await Promise.all([...workers, gateway, marketData].map((s) => s?.process.kill()));
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  });

  it('bad input is a 400 at its field and stores nothing', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [body(2, { symbol: 'NOPE/USDT' }), 'symbol', /not a market of binance/],
      [body(2, { params: { fastPeriod: 5, slowPeriod: 'x' } }), 'params.slowPeriod', /number/],
      [body(2, { params: { fastPeriod: 5, colour: 1 } }), 'params.colour', /not a known/],
      [body(2, { from: historyEnd - DAY, to: historyEnd - 2 * DAY }), 'to', /after from/],
      [body(200), 'to', /free plan allows 92 days/],
      [body(2, { from: Date.now() - 5 * DAY, to: Date.now() - DAY }), 'from', /no candles/],
      [body(2, { to: Date.now() + DAY }), 'to', /future/],
    ];
    for (const [request, field, message] of cases) {
      const answer = await api.post('/backtests', { token: alice, body: request });
      expect({ field, status: answer.status }).toEqual({ field, status: 400 });
      expect(answer.body.errors).toEqual(
        expect.arrayContaining([{ field, message: expect.stringMatching(message) }]),
      );
    }
    const sweep = await api.post('/backtests/sweeps', {
      token: alice,
      body: { ...body(2), grid: { fastPeriod: [5, 30], slowPeriod: [20] } },
    });
    expect(sweep.status).toBe(400);
    expect(sweep.body.errors[0].field).toBe('grid.fastPeriod');
    const tooBig = await api.post('/backtests/sweeps', {
      token: alice,
      body: {
        ...body(2),
        grid: { fastPeriod: [2, 3, 4, 5, 6, 7], slowPeriod: [20, 21, 22, 23, 24] },
      },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors).toEqual([
      { field: 'grid', message: expect.stringMatching(/30 combinations.*allows 25/) },
    ]);
    expect(await sql(`SELECT id FROM backtests UNION ALL SELECT id FROM backtest_sweeps`)).toEqual(
      [],
    );
  });

  it('create -> run -> succeeded with the result stored, live progress, tenancy, a bot from it', async () => {
    await startWorker();
    const stream = await SseClient.connect(gateway.url('/live'), {
      authorization: `Bearer ${alice}`,
    });
    const created = await api.post('/backtests', { token: alice, body: body(3) });
    expect(created.status).toBe(202);
    // an idle worker may have taken the job before the answer was read back from Postgres
    expect(['queued', 'running']).toContain(created.body.status);
    expect(created.body.progress).toBe(0);
    expect(created.body.definition.params.risk.paperQuoteBalance).toBe(5000);
    const done = await finished(alice, created.body.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, error: null });
    expect(done.result.candles).toBe(3 * 24 * 60);
    expect(done.metrics.startingEquity).toBe(5000);
    expect(done.workerId).toBeTruthy();
    // the owner's dashboards hear of it on the live stream
    await stream.waitForEvent(
      (e) => e.event === 'backtest.progress' && e.data.status === 'succeeded',
      'backtest.progress succeeded',
    );
    expect(stream.of('backtest.progress')[0].data).toMatchObject({
      backtestId: created.body.id,
      sweepId: null,
      status: 'running',
    });
    stream.close();

    const list = await api.get('/backtests', { token: alice });
    expect(list.body.items.map((b: { id: string }) => b.id)).toEqual([created.body.id]);
    expect(list.body.items[0].result).toBeUndefined(); // lists stay light

    // tenancy: another user's backtest does not exist for bob
    for (const answer of [
      await api.get(`/backtests/${created.body.id}`, { token: bob }),
      await api.post(`/backtests/${created.body.id}/cancel`, { token: bob }),
      await api.delete(`/backtests/${created.body.id}`, { token: bob }),
      await api.post(`/backtests/${created.body.id}/bot`, { token: bob, body: { name: 'x' } }),
    ])
      expect(answer.status).toBe(404);
    expect((await api.get('/backtests', { token: bob })).body.items).toEqual([]);

    // a paper bot from it, through POST /bots' service
    const bot = await api.post(`/backtests/${created.body.id}/bot`, {
      token: alice,
      body: { name: 'from backtest' },
    });
    expect(bot.status).toBe(201);
    expect(bot.body).toMatchObject({
      mode: 'paper',
      strategy: 'sma-cross',
      timeframe: '1h',
      desiredState: 'stopped',
      params: { fastPeriod: 5, slowPeriod: 20, risk: { paperQuoteBalance: 5000 } },
    });
  });

  it('kill -9 of the worker running a job: the other finishes it with the identical result', async () => {
    // a reference run, then the same definition again while its worker is killed midway
    while (workers.length > 0) await workers.pop()?.process.stop();
    // 3 days: progress every 2000 candles (3 steps), each held 2 s, so the kill lands midway
    const a = await startWorker({ BACKTEST_PROGRESS_DELAY_MS: '2000' });
    const reference = await create(alice, body(3));
    const expected = await finished(alice, reference.id, 240_000);
    expect(expected.status).toBe('succeeded');

    // the first worker has the range's candles loaded: the run starts at once
    const victim = { body: await create(alice, body(3)) };
    await waitFor(
      'the job to run on the first worker',
      async () => {
        const [row] = await sql<{ progress: number; status: string }>(
          `SELECT progress, status FROM backtests WHERE id = $1`,
          [victim.body.id],
        );
        return row?.status === 'running' && row.progress > 0 ? row : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 50 },
    );
    await a.process.stop('SIGKILL');
    await startWorker({ BACKTEST_PROGRESS_DELAY_MS: '0' });
    const done = await finished(alice, victim.body.id, 240_000);
    expect(done.status).toBe('succeeded');
    const [row] = await sql<{ attempt: number; worker_id: string }>(
      `SELECT attempt, worker_id FROM backtests WHERE id = $1`,
      [victim.body.id],
    );
    expect(row.attempt).toBe(2);
    expect(row.worker_id).not.toBe(expected.workerId); // the second worker finished it
    expect(JSON.stringify(done.result)).toBe(JSON.stringify(expected.result));
    expect(
      await sql(`SELECT count(*)::int AS n FROM backtest_results WHERE backtest_id = $1`, [
        victim.body.id,
      ]),
    ).toEqual([{ n: 1 }]);
  }, 600_000);

  it('SIGTERM of the worker running a job: the job goes back to the queue and another finishes it', async () => {
    while (workers.length > 0) await workers.pop()?.process.stop();
    // slow enough that the stop (after the HTTP drain) lands while the run still goes on
    const a = await startWorker({ BACKTEST_PROGRESS_DELAY_MS: '2500' });
    const backtest = await create(alice, body(8)); // 6 progress steps of 2.5 s
    const running = await waitFor(
      'the job to run',
      async () => {
        const answer = await api.get(`/backtests/${backtest.id}`, { token: alice });
        return answer.body.progress > 0 ? answer.body : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 100 },
    );
    const stopped = await a.process.stop('SIGTERM');
    expect({
      code: stopped.code,
      output: stopped.code === 0 ? '' : a.process.output.slice(-4000),
    }).toEqual({
      code: 0,
      output: '',
    });
    await startWorker();
    const done = await finished(alice, backtest.id, 240_000);
    expect(done.status).toBe('succeeded');
    expect(done.workerId).not.toBe(running.workerId);
    expect(done.result.candles).toBe(8 * 24 * 60);
  }, 600_000);

  it('cancel stops a running backtest; the plan limit is a 403 naming it', async () => {
    while (workers.length > 0) await workers.pop()?.process.stop();
    await startWorker({ BACKTEST_PROGRESS_DELAY_MS: '1000' });
    const first = await api.post('/backtests', { token: alice, body: body(5) }); // 4 steps of 1 s
    const second = await api.post('/backtests', { token: alice, body: body(3) });
    expect([first.status, second.status]).toEqual([202, 202]);
    const third = await api.post('/backtests', { token: alice, body: body(3) });
    expect(third.status).toBe(403);
    expect(third.body).toMatchObject({
      code: 'plan_limit',
      message: expect.stringMatching(/free plan allows 2 backtests queued or running/),
    });

    await waitFor(
      'the first to run',
      async () =>
        (await api.get(`/backtests/${first.body.id}`, { token: alice })).body.progress > 0,
      { timeoutMs: 240_000, intervalMs: 100 },
    );
    const cancel = await api.post(`/backtests/${first.body.id}/cancel`, { token: alice });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    const progressAtCancel = cancel.body.progress;
    // the run stops: its progress no longer moves, no result is stored
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await api.get(`/backtests/${first.body.id}`, { token: alice });
    expect(after.body).toMatchObject({ status: 'cancelled', result: null });
    expect(after.body.progress).toBe(progressAtCancel);
    expect((await api.post(`/backtests/${first.body.id}/cancel`, { token: alice })).status).toBe(
      409,
    );
    // the queued one cancelled and deleted before it ran
    expect((await api.delete(`/backtests/${second.body.id}`, { token: alice })).status).toBe(204);
    expect((await api.get(`/backtests/${second.body.id}`, { token: alice })).status).toBe(404);
  }, 400_000);

  it('a sweep is spread over two workers (both run some) and ranked by its metric', async () => {
    while (workers.length > 0) await workers.pop()?.process.stop();
    await Promise.all([
      startWorker({ BACKTEST_PROGRESS_DELAY_MS: '150' }),
      startWorker({ BACKTEST_PROGRESS_DELAY_MS: '150' }),
    ]);
    const created = await api.post('/backtests/sweeps', {
      token: alice,
      body: {
        ...body(2),
        grid: { fastPeriod: [3, 5, 8, 13], slowPeriod: [21, 34, 55] },
        rankBy: 'maxDrawdownPct',
      },
    });
    expect(created.status).toBe(202);
    expect(created.body.combinations).toBe(12);
    expect(Object.values(created.body.counts).reduce((a: number, b) => a + (b as number), 0)).toBe(
      12,
    );
    const sweep = await waitFor(
      'the sweep to finish',
      async () => {
        const answer = await api.get(`/backtests/sweeps/${created.body.id}`, { token: alice });
        return answer.body.done ? answer.body : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 300 },
    );
    expect(sweep.counts).toEqual({ queued: 0, running: 0, succeeded: 12, failed: 0, cancelled: 0 });
    const drawdowns = sweep.ranking.map(
      (b: { metrics: { maxDrawdownPct: number } }) => b.metrics.maxDrawdownPct,
    );
    expect(drawdowns).toEqual([...drawdowns].sort((x, y) => x - y));
    expect(sweep.ranking.map((b: { rank: number }) => b.rank)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const combos = sweep.ranking.map((b: { combination: object }) => JSON.stringify(b.combination));
    expect(new Set(combos).size).toBe(12);
    const byWorker = await sql<{ worker_id: string; n: number }>(
      `SELECT worker_id, count(*)::int AS n FROM backtests WHERE sweep_id = $1 GROUP BY worker_id`,
      [created.body.id],
    );
    expect(byWorker).toHaveLength(2);
    expect((await api.get(`/backtests/sweeps/${created.body.id}`, { token: bob })).status).toBe(
      404,
    );
    expect(
      (await api.post(`/backtests/sweeps/${created.body.id}/cancel`, { token: bob })).status,
    ).toBe(404);
    // cancelling a finished sweep changes nothing
    const cancelled = await api.post(`/backtests/sweeps/${created.body.id}/cancel`, {
      token: alice,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.counts.succeeded).toBe(12);
  }, 180_000);

  it('deleting a user deletes their backtests and sweeps', async () => {
    const [{ id }] = await sql<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [
      'alice-backtests@example.com',
    ]);
    await sql(`DELETE FROM bots WHERE user_id = $1`, [id]);
    await sql(`DELETE FROM users WHERE id = $1`, [id]);
    expect(await sql(`SELECT id FROM backtests UNION ALL SELECT id FROM backtest_sweeps`)).toEqual(
      [],
    );
    expect(await sql(`SELECT backtest_id FROM backtest_results`)).toEqual([]);
  });
});
