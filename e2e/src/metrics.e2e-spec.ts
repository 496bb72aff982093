import { ServiceNames } from '@platform/contracts';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  seedBots,
  TestRedisServer,
  type TestDatabase,
  waitFor,
  waitForStatus,
  withPgClient,
} from '@platform/testing';
import { type RunningService, startService } from './support/cluster';
import { parseMetrics, promtoolProblems, type Sample, valueOf } from './support/metrics';

// The three services as real processes with METRICS_TOKEN set: each serves GET /metrics only
// to the token, in a format promtool accepts, with the families the alerts and the dashboard
// read, moving as the cluster works, and never a user's or bot's id in a label.
describe('GET /metrics on every service', () => {
  const TOKEN = 'metrics-test-token-7f3a';
  const BOTS = 6;
  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  const services = {} as Record<(typeof ServiceNames)[number], RunningService>;
  let user: { id: string; email: string; token: string };
  let botIds: string[];
  const extraWorkers: RunningService[] = [];

  const scrape = async (service: RunningService, token: string | null = TOKEN) => {
    const answer = await fetch(service.url('/metrics'), {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    return {
      status: answer.status,
      type: answer.headers.get('content-type'),
      body: await answer.text(),
    };
  };
  const samplesOf = async (service: RunningService): Promise<Sample[]> =>
    parseMetrics((await scrape(service)).body);

  beforeAll(async () => {
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({ port: 0, seed: 5 }),
    ]);
    const deps = { databaseUrl: db.url, redisUrl: redis.url };
    const common = { METRICS_TOKEN: TOKEN, EXCHANGE_BASE_URLS: `binance=${sim.url}` };
    const [gateway, worker, marketData] = await Promise.all([
      startService('api-gateway', deps, common),
      startService('bot-worker', deps, {
        ...common,
        LEASE_TTL_MS: '1500',
        RECONCILE_INTERVAL_MS: '300',
        BOT_TICK_INTERVAL_MS: '200',
      }),
      startService('market-data', deps, {
        ...common,
        POLL_INTERVAL_MS: '300',
        FEED_REFRESH_MS: '300',
        MARKET_STREAMS: 'off',
      }),
    ]);
    Object.assign(services, {
      'api-gateway': gateway,
      'bot-worker': worker,
      'market-data': marketData,
    });
    await Promise.all(
      Object.values(services).map((s) => waitForStatus(s.url('/health/ready'), 200)),
    );
    const api = new ApiClient(gateway.baseUrl);
    const email = `metrics-${Date.now()}@example.com`;
    const token = await api.signIn(email);
    botIds = await withPgClient(db.url, async (sql) => {
      const [{ id }] = (await sql.query(`SELECT id FROM users WHERE email = $1`, [email])).rows;
      user = { id, email, token };
      const bots = await seedBots(sql, BOTS, { user: { id }, state: 'running' });
      return bots.map((bot) => bot.id);
    });
    // the worker hears of them at its next reconcile pass
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...Object.values(services), ...extraWorkers].map((s) => s.process.kill()));
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  });

  it('answers 401 without the token or with a wrong one, 200 in the Prometheus format with it', async () => {
    for (const service of Object.values(services)) {
      expect((await scrape(service, null)).status).toBe(401);
      expect((await scrape(service, `${TOKEN}x`)).status).toBe(401);
      expect((await scrape(service, 'wrong')).status).toBe(401);
      const answer = await scrape(service);
      expect({ service: service.url(''), status: answer.status }).toEqual({
        service: service.url(''),
        status: 200,
      });
      expect(answer.type).toMatch(/^text\/plain;/);
      expect(answer.type).toContain('version=0.0.4');
    }
  });

  it('a worker reports the bots it holds, its claims, renewals and evaluations', async () => {
    const worker = services['bot-worker'];
    const samples = await waitFor(
      'the worker holding every bot, evaluating them and renewing their leases',
      async () => {
        const s = await samplesOf(worker);
        // a bot is evaluated as soon as it is claimed; the first renewal comes up to a third
        // of the lease TTL later (CI once read the metrics in between)
        return valueOf(s, 'platform_worker_bots_held') === BOTS &&
          valueOf(s, 'platform_bot_evaluations_total') > 0 &&
          valueOf(s, 'platform_lease_renewal_seconds_count') > 0
          ? s
          : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(valueOf(samples, 'platform_bot_claims_total')).toBeGreaterThanOrEqual(BOTS);
    expect(valueOf(samples, 'platform_workers_alive')).toBe(1);
    // each evaluation looks its market up in the worker's in-memory snapshots
    expect(
      valueOf(samples, 'platform_cache_lookups_total', { cache: 'market-snapshots' }),
    ).toBeGreaterThan(0);
    expect(valueOf(samples, 'platform_bots_desired_running')).toBe(BOTS);
    // a fresh claim shows in the registry at the next heartbeat: then none is without owner
    await waitFor('no bot without an owner', async () =>
      valueOf(await samplesOf(worker), 'platform_bots_without_owner') === 0 ? true : undefined,
    );
  });

  it('every service reaches Postgres and Redis and shows its pool and process metrics', async () => {
    for (const service of Object.values(services)) {
      const samples = await samplesOf(service);
      expect(valueOf(samples, 'platform_dependency_up', { dependency: 'postgres' })).toBe(1);
      expect(valueOf(samples, 'platform_dependency_up', { dependency: 'redis' })).toBe(1);
      expect(valueOf(samples, 'platform_pg_pool_connections', { state: 'total' })).toBeGreaterThan(
        0,
      );
      expect(valueOf(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
      expect(samples.some((s) => s.name.startsWith('nodejs_eventloop_lag'))).toBe(true);
    }
  });

  it('market-data reports its exchange calls and the age of the feeds it holds', async () => {
    const marketData = services['market-data'];
    const samples = await waitFor(
      'market-data polling the feed',
      async () => {
        const s = await samplesOf(marketData);
        // one symbol is read with fetchTicker, several with fetchTickers
        return valueOf(s, 'platform_exchange_requests_total', { status: 'ok' }) > 0 &&
          s.some(
            (x) => x.name === 'platform_market_data_age_seconds' && x.labels['kind'] === 'ticker',
          )
          ? s
          : undefined;
      },
      { timeoutMs: 45_000 },
    ).catch(async (error: Error) => {
      const exchangeLines = (await scrape(marketData)).body
        .split('\n')
        .filter((line) => line.startsWith('platform_'));
      throw new Error(
        `${error.message}\n${exchangeLines.join('\n')}\n${marketData.process.output.slice(-3000)}`,
      );
    });
    expect(
      valueOf(samples, 'platform_exchange_requests_total', {
        endpoint: 'fetchCandles',
        status: 'ok',
      }),
    ).toBeGreaterThan(0);
    expect(
      valueOf(samples, 'platform_exchange_weight_spent_total', { exchange: 'binance' }),
    ).toBeGreaterThan(0);
    const age = samples.find(
      (s) => s.name === 'platform_market_data_age_seconds' && s.labels['kind'] === 'ticker',
    );
    expect(age?.labels).toMatchObject({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m' });
  });

  it('the gateway counts requests under their route template, not their URL', async () => {
    const gateway = services['api-gateway'];
    const route = { method: 'GET', route: '/bots/:id', status: '200' };
    const before = valueOf(await samplesOf(gateway), 'platform_http_requests_total', route);
    const api = new ApiClient(gateway.baseUrl);
    for (const botId of botIds.slice(0, 3))
      expect((await api.get(`/bots/${botId}`, { token: user.token })).status).toBe(200);
    const samples = await samplesOf(gateway);
    expect(valueOf(samples, 'platform_http_requests_total', route)).toBe(before + 3);
    expect(
      valueOf(samples, 'platform_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/bots/:id',
        status_class: '2xx',
      }),
    ).toBeGreaterThanOrEqual(3);
    expect(valueOf(samples, 'platform_cluster_workers')).toBe(1);
    expect(
      valueOf(samples, 'platform_exchange_weight_limit', { exchange: 'binance' }),
    ).toBeGreaterThan(0);
    expect(samples.some((s) => s.name === 'platform_live_streams_open')).toBe(true);
  });

  it('is not rate limited: more scrapes than the per-address limit allow all answer 200', async () => {
    // RATE_LIMIT_PER_IP_PER_MIN is 1200 by default: the limit itself is what the gate tests
    // check; here, that /metrics never passes through it (no RateLimit headers)
    const answer = await fetch(services['api-gateway'].url('/metrics'), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('ratelimit-limit')).toBeNull();
  });

  it('promtool check metrics finds no problem in any body', async () => {
    for (const service of Object.values(services)) {
      const { body } = await scrape(service);
      expect({ service: service.url(''), problems: promtoolProblems(body) }).toEqual({
        service: service.url(''),
        problems: '',
      });
    }
  });

  it('no label carries a user id, an email or a bot id', async () => {
    const secrets = [user.id, user.email, ...botIds];
    for (const service of Object.values(services)) {
      const values = (await samplesOf(service)).flatMap((s) => Object.values(s.labels));
      expect(values.filter((value) => secrets.some((secret) => value.includes(secret)))).toEqual(
        [],
      );
    }
  });

  it('kill -9 the worker: the next one counts a failover per bot and how long each was unowned', async () => {
    // killed first, so every bot the next worker claims was left by an owner that never let go
    await services['bot-worker'].process.kill();
    const next = await startService(
      'bot-worker',
      { databaseUrl: db.url, redisUrl: redis.url },
      {
        METRICS_TOKEN: TOKEN,
        LEASE_TTL_MS: '1500',
        RECONCILE_INTERVAL_MS: '300',
        BOT_TICK_INTERVAL_MS: '200',
      },
    );
    extraWorkers.push(next);
    await waitForStatus(next.url('/health/ready'), 200);
    const samples = await waitFor(
      'the next worker holding every bot',
      async () => {
        const s = await samplesOf(next);
        return valueOf(s, 'platform_worker_bots_held') === BOTS ? s : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(valueOf(samples, 'platform_bot_claims_total')).toBe(BOTS);
    expect(valueOf(samples, 'platform_bot_failovers_total')).toBe(BOTS);
    expect(valueOf(samples, 'platform_bot_unowned_seconds_count')).toBe(BOTS);
    // from the dead owner's last alive mark to the claim: more than 0, far less than a minute
    const unowned = valueOf(samples, 'platform_bot_unowned_seconds_sum') / BOTS;
    expect(unowned).toBeGreaterThan(0);
    expect(unowned).toBeLessThan(60);
  });
});
