import { randomBytes } from 'node:crypto';
import { KeyRing } from '@platform/exchange';
import { type ApiCredentials, ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  freePort,
  longestHeartbeatGaps,
  longestOwnerlessGaps,
  ServiceProcess,
  signInAsAdmin,
  type TestDatabase,
  TestRedisServer,
  waitFor,
  waitForStatus,
} from '@platform/testing';
import { type NginxChild, startNginx } from '../bench/nginx-child';
import { ChaosDatabase, type SeededBot } from '../chaos/chaos-database';
import { simFills, simOrders } from '../chaos/exchange';
import { auditTrading } from '../chaos/trading-audit';
import { type ClusterSnapshot, type RestartTarget, rollingRestart } from './rolling-restart';
import { ApiLoad } from './api-load';

// A rolling restart under load, the way `npm run ops:rolling-restart` does it, with the
// services as local child processes: two gateways behind a real nginx (tools/deploy/nginx.conf
// pointed at them), two bot-workers, market-data, the exchange simulator and live DCA bots
// trading on it, and API clients calling through nginx all along (GETs and PATCHes). Each
// service is stopped with SIGTERM (gateways drain, workers hand their bots over), started again
// on the same port, and waited for before the next. Judged: no request failed, no bot went
// without an owner acting for longer than the lease TTL + 1 s (its fenced heartbeats), no
// order twice at the exchange, no stale write (the chaos harness's audits).
describe('rolling restart under load', () => {
  // longer than the default (1.2 s) so that a worker stalled by a loaded CI machine is not what
  // is measured; a handover on SIGTERM does not wait for the TTL anyway
  const LEASE_TTL_MS = 3000;
  const BOTS = 6;
  const CLIENTS = 4;
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;

  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  let chaosDb: ChaosDatabase;
  let nginx: NginxChild | undefined;
  let load: ApiLoad | undefined;
  let keys: ApiCredentials[];
  let bots: SeededBot[];
  const running = new Map<
    string,
    { target: RestartTarget; process: ServiceProcess; port: number }
  >();
  const stopped: ServiceProcess[] = [];

  const serviceEnv = () => ({
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    HTTP_HOST: '127.0.0.1',
    HEALTH_CHECK_TIMEOUT_MS: '1000',
    TRANSPORT_TIMEOUT_MS: '1000',
    ENCRYPTION_KEYS: encryptionKeys,
  });
  const envOf = (kind: RestartTarget['kind'], port: number): Record<string, string> =>
    kind === 'gateway'
      ? {
          ...serviceEnv(),
          GATEWAY_HTTP_PORT: String(port),
          TRUST_PROXY: 'loopback',
          RATE_LIMIT_PER_IP_PER_MIN: '100000000',
          RATE_LIMIT_PER_USER_PER_MIN: '100000000',
        }
      : {
          ...serviceEnv(),
          BOT_WORKER_HTTP_PORT: String(port),
          EXCHANGE_BASE_URLS: `binance=${sim.url}`,
          LEASE_TTL_MS: String(LEASE_TTL_MS),
          RECONCILE_INTERVAL_MS: '300',
          BOT_TICK_INTERVAL_MS: '250',
          BOT_HEARTBEAT_HISTORY: 'true',
          LATE_ORDER_WINDOW_MS: '3000',
          MARKET_STALE_AFTER_MS: '10000',
        };
  const launch = (target: RestartTarget, port: number) => {
    const service = target.kind === 'gateway' ? 'api-gateway' : 'bot-worker';
    const process = ServiceProcess.start(service, envOf(target.kind, port));
    running.set(target.name, { target, process, port });
  };
  const outputs = () =>
    [...running.values(), ...stopped.map((process) => ({ process }))]
      .map(({ process }) => `--- ${process.service} ---\n${process.output.slice(-2500)}`)
      .join('\n');
  const explained = <T>(step: Promise<T>): Promise<T> =>
    step.catch((error: Error) => {
      throw new Error(`${error.message}\n${outputs()}`);
    });

  beforeAll(async () => {
    [db, redis, sim] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({
        port: 0,
        seed: 31,
        clockSpeed: 0,
      }),
    ]);
    sim.setPrice('BTC/USDT', 30_000);
    keys = [0, 1].map(() => sim.createApiKey({ balances: { USDT: '1000000' } }));
    chaosDb = await ChaosDatabase.connect(db.url);
    bots = await chaosDb.seedLiveBots({
      count: BOTS,
      keys,
      botsPerKey: BOTS / keys.length,
      ring: KeyRing.parse(encryptionKeys),
      symbols: ['BTC/USDT'],
      // a market buy of 15 USDT every 3 s; the take profit is never reached at a fixed price
      params: { quotePerBuy: 15, intervalSeconds: 3, takeProfitPct: 1000 },
    });
    const marketData = ServiceProcess.start('market-data', {
      ...serviceEnv(),
      MARKET_DATA_HTTP_PORT: String(await freePort()),
      EXCHANGE_BASE_URLS: `binance=${sim.url}`,
      POLL_INTERVAL_MS: '500',
      FEED_REFRESH_MS: '500',
      CANDLE_REFRESH_MS: '60000', // DCA needs no candles
    });
    stopped.push(marketData); // not restarted; killed at the end
    for (const [kind, names] of [
      ['gateway', ['gateway-1', 'gateway-2']],
      ['worker', ['worker-1', 'worker-2']],
    ] as const)
      for (const name of names) {
        const port = await freePort();
        launch({ kind, name, url: `http://127.0.0.1:${port}` }, port);
      }
    await explained(
      Promise.all(
        [...running.values()].map((s) =>
          waitForStatus(`${s.target.url}/health/ready`, 200, 120_000),
        ),
      ),
    );
    const gatewayPorts = [...running.values()]
      .filter((s) => s.target.kind === 'gateway')
      .map((s) => `127.0.0.1:${s.port}`);
    nginx = await startNginx(gatewayPorts);
  }, 240_000);

  afterAll(async () => {
    await load?.stop(); // a failed run leaves the clients looping
    await Promise.all([...running.values()].map((s) => s.process.kill()));
    await Promise.all(stopped.map((s) => s.kill()));
    await nginx?.stop();
    await chaosDb?.close();
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  }, 60_000);

  it('restarts every gateway and worker: no failed request, no long-ownerless bot, no order twice', async () => {
    const base = nginx!.url;
    const admin = new ApiClient(base);
    const adminToken = await signInAsAdmin(admin, chaosDb.audit, 'ops@example.com');
    load = await ApiLoad.start(base, CLIENTS);
    const botIds = bots.map((b) => b.botId);
    const placedOrders = async () => Number(await chaosDb.placedOrders());
    await explained(
      waitFor(
        'every bot to trade',
        async () =>
          (await chaosDb.audit.activeOwners(1000)).size === BOTS && (await placedOrders()) >= BOTS,
        {
          timeoutMs: 60_000,
          intervalMs: 250,
        },
      ),
    );

    const restartStart = new Date();
    const reports = await explained(
      rollingRestart(
        [...running.values()].map((s) => s.target),
        {
          restart: async (target) => {
            const service = running.get(target.name)!;
            const exit = await service.process.stop('SIGTERM', 20_000);
            if (exit.code !== 0)
              throw new Error(`${target.name} stopped with ${JSON.stringify(exit)}`);
            stopped.push(service.process);
            launch(target, service.port);
          },
          status: async (url) =>
            fetch(url, { signal: AbortSignal.timeout(3000) })
              .then(async (r) => (await r.arrayBuffer(), r.status))
              .catch(() => undefined),
          cluster: async () => {
            const answer = await admin.get('/cluster', { token: adminToken });
            return answer.status === 200 ? (answer.body as ClusterSnapshot) : undefined;
          },
          viaUrl: `${base}/health/ready`,
          gatewaySettleMs: 6000,
          stepTimeoutMs: 120_000,
          log: (line) => process.stderr.write(`rolling restart: ${line}\n`),
        },
      ),
    );
    const restartEnd = new Date();
    const ordersBeforeEnd = await placedOrders();
    // some more load on the restarted set
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const figures = await load.stop();

    // settle: graceful stops finish the orders under way, then the books are compared
    await Promise.all(
      [...running.values()]
        .filter((s) => s.target.kind === 'worker')
        .map((s) => s.process.stop('SIGTERM', 20_000)),
    );
    const gaps = await longestHeartbeatGaps(chaosDb.audit, botIds, restartStart, restartEnd);
    const gapMs = botIds.map((id) => gaps.get(id)?.gapMs ?? Infinity);
    const ownerless = await longestOwnerlessGaps(chaosDb.audit, botIds, restartStart, new Date());
    const ownerlessMs = [...ownerless.values()];
    const staleWrites = await chaosDb.audit.staleWritesAccepted();
    const trading = auditTrading(
      simOrders(sim),
      await simFills(sim, keys),
      await chaosDb.orders(),
      await chaosDb.trades(),
    );

    process.stdout.write(
      `rolling restart: ${reports.map((r) => `${r.target.name} ${r.ms} ms`).join(', ')}; ` +
        `requests ${figures.requests} (writes ${figures.writes}), failed ${figures.failures.length}; ` +
        `bots moved ${ownerless.size}, longest ownerless gap (last beat of the old owner to the claim) ` +
        `${ownerlessMs.join('/')} ms (max ${Math.max(...ownerlessMs)}, bound ${LEASE_TTL_MS + 1000}); ` +
        `longest heartbeat gap per bot ${gapMs.join('/')} ms (max ${Math.max(...gapMs)}); ` +
        `orders at the exchange ${trading.ordersAtExchange} (${trading.ordersAtExchange - ordersBeforeEnd >= 0 ? ordersBeforeEnd : '?'} placed by the end of the restart), ` +
        `duplicates ${trading.duplicateOrdersAtExchange}, fills missing ${trading.fillsMissingFromDb}, ` +
        `pending intents ${trading.pendingIntents}; stale writes ${staleWrites}\n`,
    );
    expect(reports.map((r) => r.target.name)).toEqual([
      'gateway-1',
      'gateway-2',
      'worker-1',
      'worker-2',
    ]);
    expect(figures.requests).toBeGreaterThan(100);
    expect(figures.writes).toBeGreaterThan(10);
    expect(figures.failures).toEqual([]);
    // each worker's bots moved (two workers restarted, every bot held by one of them)
    expect(ownerless.size).toBe(BOTS);
    expect(Math.max(...ownerlessMs)).toBeLessThanOrEqual(LEASE_TTL_MS + 1000);
    expect(trading.ordersAtExchange).toBeGreaterThan(0);
    expect(trading.duplicateOrdersAtExchange).toBe(0);
    expect(staleWrites).toBe(0);
  }, 480_000);
});
