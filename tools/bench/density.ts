// Density of the trading engine: how many running paper bots one bot-worker process carries
// at a 1 s evaluation cadence (market-data streams or polls each market and every bot of that
// market evaluates on the update), with the event loop's delay, CPU and memory per 1,000
// bots against the same worker holding no bots. A few live bots on the exchange simulator give
// the tick-to-order latency: market-data fetched the ticker -> the order reached the exchange.
// Prints one JSON line.
//   npm run bench:density -- [--bots 10000] [--live 20] [--symbols 20] [--seconds 60]
//                            [--baseline-seconds 10] [--settle-seconds 15]
import { randomBytes } from 'node:crypto';
import { CcxtExchangeClient, KeyRing, sealCredentials } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import {
  freePort,
  httpGet,
  seedAccount,
  seedBot,
  seedBots,
  seedUser,
  ServiceProcess,
} from '@platform/testing';
import { Client } from 'pg';
import {
  parseFlags,
  percentile,
  printFigures,
  progress,
  runBench,
  sleep,
  startStores,
} from './bench-kit';
import { waitUntil } from './bench-wait';
import { waitForClaims } from './claims';

const {
  bots: BOTS,
  live: LIVE,
  symbols: SYMBOLS,
  seconds: SECONDS,
  baselineSeconds: BASELINE_SECONDS,
  settleSeconds: SETTLE_SECONDS,
} = parseFlags('npm run bench:density --', {
  bots: 10_000,
  live: 20,
  symbols: 20,
  seconds: 60,
  baselineSeconds: 10,
  settleSeconds: 15,
});
const log = progress('density');

interface Stats {
  windowSeconds: number;
  evaluationsPerSecond: number;
  ordersPerSecond: number;
  eventLoopLagMs: { p50: number; p99: number; max: number };
  cpuPercent: number;
  rssMb: number;
  heapUsedMb: number;
  gc: { count: number; totalMs: number; maxMs: number };
}

/** The bots' strategies: mostly candle strategies, some DCA that actually trade now and then. */
const strategyOf = (n: number) =>
  n % 5 === 0
    ? { strategy: 'dca', params: { quotePerBuy: 20, intervalSeconds: 600, takeProfitPct: 2 } }
    : n % 2 === 0
      ? { strategy: 'sma-cross', params: { fastPeriod: 5, slowPeriod: 20 } }
      : { strategy: 'rsi-reversion', params: { period: 14 } };

async function seed(databaseUrl: string, symbols: string[], ring: KeyRing, sim: ExchangeSimulator) {
  const sql = new Client({ connectionString: databaseUrl });
  sql.on('error', () => undefined);
  await sql.connect();
  const user = await seedUser(sql, { email: 'density@example.com' });
  await seedBots(sql, BOTS, {
    user,
    name: (n) => `paper-${n}`,
    symbol: (n) => symbols[n % symbols.length],
    strategy: (n) => strategyOf(n).strategy,
    params: (n) => strategyOf(n).params,
    state: 'stopped',
  });
  const liveKeys: string[] = [];
  for (let n = 0; n < LIVE; n++) {
    const key = sim.createApiKey({ balances: { USDT: '1000000' } });
    liveKeys.push(key.apiKey);
    const account = await seedAccount(sql, user, {
      label: `live-${n}`,
      verified: true,
      sealedFor: (id) => sealCredentials(ring, id, key),
    });
    await seedBot(sql, {
      account,
      name: `live-${n}`,
      symbol: symbols[n % symbols.length],
      strategy: 'dca',
      params: { quotePerBuy: 15, intervalSeconds: 5, takeProfitPct: 1000 },
      state: 'stopped',
    });
  }
  return { sql, liveKeys };
}

async function main() {
  const ringSpec = `bench:${randomBytes(32).toString('base64')}`;
  const ring = KeyRing.parse(ringSpec);
  const [stores, sim] = await Promise.all([
    startStores(),
    ExchangeSimulator.start({
      port: 0,
      seed: 21,
      clockSpeed: 1,
      generatedSymbols: SYMBOLS,
      symbols: [],
    }),
  ]);
  const processes: ServiceProcess[] = [];
  try {
    const symbols = Object.keys(
      await new CcxtExchangeClient({ exchangeId: 'binance', baseUrl: sim.url }).loadMarkets(),
    ).slice(0, SYMBOLS);
    const { sql, liveKeys } = await seed(stores.db.url, symbols, ring, sim);
    const common = {
      ...stores.serviceEnv,
      EXCHANGE_BASE_URLS: `binance=${sim.url}`,
      ENCRYPTION_KEYS: ringSpec,
    };
    processes.push(
      ServiceProcess.start('market-data', {
        ...common,
        MARKET_DATA_HTTP_PORT: String(await freePort()),
      }),
    );
    const workerPort = await freePort();
    processes.push(
      ServiceProcess.start('bot-worker', {
        ...common,
        BOT_WORKER_HTTP_PORT: String(workerPort),
        WORKER_CAPACITY: String(BOTS + LIVE),
        ...(process.env.BENCH_WORKER_NODE_OPTIONS
          ? { NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS }
          : {}),
      }),
    );
    const stats = async () => (await httpGet(`http://127.0.0.1:${workerPort}/stats`)).body as Stats;
    await waitUntil(
      'the bot-worker to be ready',
      async () => (await httpGet(`http://127.0.0.1:${workerPort}/health/ready`)).status === 200,
      { timeoutMs: 60_000, processes },
    );

    log('baseline: the worker holding no bots');
    await stats();
    await sleep(BASELINE_SECONDS * 1000);
    const baseline = await stats();

    log(`starting ${BOTS} paper + ${LIVE} live bots over ${symbols.length} symbols`);
    const claimStarted = Date.now();
    await sql.query(`UPDATE bots SET desired_state = 'running'`);
    await waitForClaims(sql, BOTS + LIVE, { processes, log });
    const claimSeconds = (Date.now() - claimStarted) / 1000;
    log(`claimed in ${claimSeconds.toFixed(1)} s; settling`);
    await sleep(SETTLE_SECONDS * 1000); // first evaluations, first DCA buys
    await stats();

    log(`measuring ${SECONDS} s`);
    const windowStart = Date.now();
    await sleep(SECONDS * 1000);
    // one window, one histogram: the event loop's delay p99 over the whole measurement
    const window = await stats();
    const windowEnd = Date.now();

    // tick to order: the intent's snapshot time -> the order's arrival at the exchange
    const intents = (
      await sql.query(
        `SELECT e.data->>'clientOrderId' AS id, (e.data->>'snapshotAt')::bigint AS at,
                (extract(epoch FROM o.created_at) * 1000)::bigint AS intent_at
           FROM bot_events e JOIN orders o ON o.client_order_id = e.data->>'clientOrderId'
          WHERE e.type = 'order.intent' AND e.data ? 'snapshotAt'`,
      )
    ).rows as { id: string; at: string; intent_at: string }[];
    const snapshotAt = new Map(intents.map((r) => [r.id, Number(r.at)]));
    const intentAt = new Map(intents.map((r) => [r.id, Number(r.intent_at)]));
    const simOrders = sim.orders({}) as unknown as {
      apiKey: string;
      clientOrderId: string;
      time: number;
    }[];
    const liveOrders = simOrders
      .filter((o) => liveKeys.includes(o.apiKey))
      .map((o) => ({ id: o.clientOrderId, time: o.time }))
      .filter((o) => o.time >= windowStart && o.time <= windowEnd && snapshotAt.has(o.id));
    const tickToOrder = liveOrders.map((o) => o.time - (snapshotAt.get(o.id) as number));
    // where the time goes: up to the intent's transaction (delivery, queueing, deciding), and
    // from there to the exchange (the intent's write, the signed request)
    const tickToIntent = liveOrders.map(
      (o) => (intentAt.get(o.id) as number) - (snapshotAt.get(o.id) as number),
    );
    const intentToOrder = liveOrders.map((o) => o.time - (intentAt.get(o.id) as number));
    await sql.end();

    const cpu = window.cpuPercent;
    const rss = window.rssMb;
    const bots = BOTS + LIVE;
    printFigures({
      bots,
      paper_bots: BOTS,
      live_bots: LIVE,
      symbols: symbols.length,
      seconds: SECONDS,
      claim_seconds: Number(claimSeconds.toFixed(1)),
      evaluations_per_s: Math.round(window.evaluationsPerSecond),
      orders_per_s: window.ordersPerSecond,
      lag_p50_ms: window.eventLoopLagMs.p50,
      lag_p99_ms: window.eventLoopLagMs.p99,
      lag_max_ms: window.eventLoopLagMs.max,
      cpu_percent: Number(cpu.toFixed(1)),
      baseline_cpu_percent: baseline.cpuPercent,
      cpu_per_1000_bots: Number((((cpu - baseline.cpuPercent) / bots) * 1000).toFixed(2)),
      gc_max_pause_ms: window.gc.maxMs,
      gc_ms_per_s: Number((window.gc.totalMs / window.windowSeconds).toFixed(1)),
      heap_used_mb: window.heapUsedMb,
      rss_mb: rss,
      baseline_rss_mb: baseline.rssMb,
      rss_mb_per_1000_bots: Number((((rss - baseline.rssMb) / bots) * 1000).toFixed(1)),
      tick_to_order_ms: {
        p50: percentile(tickToOrder, 50),
        p99: percentile(tickToOrder, 99),
        n: tickToOrder.length,
      },
      tick_to_intent_ms: { p50: percentile(tickToIntent, 50), p99: percentile(tickToIntent, 99) },
      intent_to_order_ms: {
        p50: percentile(intentToOrder, 50),
        p99: percentile(intentToOrder, 99),
      },
    });
  } finally {
    await Promise.all(processes.map((p) => p.stop().catch(() => undefined)));
    await Promise.all([sim.stop(), stores.stop()]);
  }
}

runBench(main);
