import { randomBytes } from 'node:crypto';
import { Dec, type ExchangeCredentials, KeyRing } from '@platform/exchange';
import { ExchangeSimulator, seededRandom } from '@platform/exchange-sim';
import { SnapshotStore } from '@platform/market-snapshots';
import { runMigrations } from '@platform/persistence';
import { createTestDatabase, TestRedisServer, waitFor } from '@platform/testing';
import { writeArtifacts } from './artifacts';
import { type KeyAccount, partialFills, reconcileBalances } from './balance-reconciliation';
import { BudgetWaitScraper } from './budget-waits';
import { ChaosDatabase } from './chaos-database';
import { CHAOS_SYMBOLS, simFills, simOrders } from './exchange';
import {
  EXCHANGE_FAULT_MS,
  type ExchangeFaultKind,
  exchangeFaultSchedule,
  withExchangeFault,
  zeroExchangeCounts,
} from './exchange-faults';
import type { Cleanup } from './cleanup';
import { type FaultKind, zeroCounts } from './fault-kinds';
import { faultSchedule } from './fault-plan';
import { type FaultContext, type InjectedFault, injectFault } from './faults';
import {
  botFailovers,
  concurrentOwners,
  countByPrecedingFault,
  failovers,
  spreadOf,
} from './history';
import { MarketDataProcess } from './market-data';
import {
  isOtherProgramOrder,
  OrderPressure,
  type OrderPressureCounts,
  OTHER_PROGRAM_IP,
} from './order-pressure';
import { tallyOrderRequests } from './order-requests';
import {
  type ChaosOptions,
  failoverBoundMs,
  finalSettleCapMs,
  MARKET_STALE_AFTER_MS,
  pendingSettleCapMs,
  quoteBalancePerKey,
  settleCapMs,
  tradingCapMs,
} from './options';
import { buildReport, type ChaosReport } from './report';
import { waitForSettle, waitForSteadyCounts } from './settle';
import { auditTrading } from './trading-audit';
import { tail, WorkerPool } from './workers';

export interface RunDeps {
  /** Progress, one line at a time (the CLI sends it to stderr). */
  log: (line: string) => void;
  /** Where every started resource registers its undo; the caller runs it. */
  cleanup: Cleanup;
}

const nowUs = () => Date.now() * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Start-up of K workers (Nest boot, first claims) on a small machine.
const FIRST_SETTLE_CAP_MS = 60000;
// Counts per worker unchanged this long: rebalancing (a few bots per pass) is over.
const steadyMs = (o: ChaosOptions) => Math.max(2000, 5 * o.reconcileIntervalMs);

// Market-data polls the simulator this often; tickers older than MARKET_STALE_AFTER_MS are not
// acted on, so a few polls may be slow on a busy machine before a bot skips a tick.
const POLL_INTERVAL_MS = 500;
// Market-data's start-up (Nest boot, first markets and tickers).
const MARKET_DATA_START_MS = 30000;
// Requests the simulator keeps in full: an hour of the exchange-faults preset's traffic.
const REQUEST_LOG_SIZE = 1_000_000;

/** Where the workers and market-data reach the exchange, and the key that opens its API keys. */
export interface ExchangeEnv {
  /** The simulator's base URL. */
  url: string;
  /** ENCRYPTION_KEYS: sealed the bots' API keys in the database. */
  encryptionKeys: string;
}

/** What workers and market-data share: where everything is, short health/transport timeouts. */
export function clusterEnv(
  databaseUrl: string,
  redisUrl: string,
  exchange: ExchangeEnv,
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    HTTP_HOST: '127.0.0.1',
    HEALTH_CHECK_TIMEOUT_MS: '1000',
    TRANSPORT_TIMEOUT_MS: '1000',
    EXCHANGE_BASE_URLS: `binance=${exchange.url}`,
    ENCRYPTION_KEYS: exchange.encryptionKeys,
  };
}

/** The environment of every worker: `shared` (clusterEnv) and the preset's short timings. */
export function workerEnv(
  options: ChaosOptions,
  shared: Record<string, string>,
): Record<string, string> {
  return {
    ...shared,
    ...(options.serviceTimings
      ? {}
      : {
          LEASE_TTL_MS: String(options.leaseTtlMs),
          RECONCILE_INTERVAL_MS: String(options.reconcileIntervalMs),
          BOT_TICK_INTERVAL_MS: String(options.tickMs),
        }),
    BOT_TICK_WORK_MS: String(options.tickWorkMs),
    BOT_HEARTBEAT_HISTORY: 'true',
    UNSAFE_DISABLE_FENCING: String(!options.fencing),
    LATE_ORDER_WINDOW_MS: String(options.lateOrderWindowMs),
    MARKET_STALE_AFTER_MS: String(MARKET_STALE_AFTER_MS),
    ...(options.orderBudgetPer10s === null
      ? {}
      : { ORDER_BUDGET_PER_10S: String(options.orderBudgetPer10s) }),
  };
}

/**
 * The environment of market-data: `shared` (clusterEnv), polling the simulator for the feeds
 * the running bots need.
 */
export function marketDataEnv(
  options: ChaosOptions,
  shared: Record<string, string>,
): Record<string, string> {
  return {
    ...shared,
    POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
    FEED_REFRESH_MS: '1000',
    ...(options.serviceTimings ? {} : { FEED_LEASE_TTL_MS: String(options.leaseTtlMs) }),
    CANDLE_REFRESH_MS: '5000',
  };
}

interface Cluster {
  db: ChaosDatabase;
  redis: TestRedisServer;
  pool: WorkerPool;
  sim: ExchangeSimulator;
  keys: ExchangeCredentials[];
  /** What each key started with (USDT), for the balance reconciliation. */
  startBalances: Record<string, string>;
  /** bot id -> the simulator key it trades on */
  keyOf: Map<string, string>;
  marketData: MarketDataProcess;
  snapshots: SnapshotStore;
}

/**
 * A throwaway database, a redis-server of our own (faults restart it, so never the shared
 * one), the exchange simulator in this process with one market-data process polling it, N
 * live DCA bots desired running on simulator keys, K workers; returns once every bot runs
 * and the counts per worker are steady.
 */
async function startCluster(options: ChaosOptions, { log, cleanup }: RunDeps): Promise<Cluster> {
  const creating = createTestDatabase(runMigrations);
  cleanup.add('drop the database', async () => {
    const database = await creating.catch(() => null);
    if (database && options.keepDb) log(`database ${database.name} kept (--keep-db)`);
    else await database?.drop();
  });
  const starting = TestRedisServer.start();
  cleanup.add('stop redis-server', async () => (await starting.catch(() => null))?.stop());
  const opening = ExchangeSimulator.start({
    port: 0,
    host: '127.0.0.1',
    seed: options.seed,
    fills: options.fills,
    ...(options.exchangeOrdersPer10s === null
      ? {}
      : {
          orderLimits: [
            { interval: 'SECOND', intervalNum: 10, limit: options.exchangeOrdersPer10s },
            { interval: 'DAY', intervalNum: 1, limit: 200_000 },
          ],
          // the other program that fills ORDERS windows comes from its own address
          trustForwardedFor: true,
        }),
    // every order request of the run, for the -1015 and fault counts at the end
    requestLogSize: REQUEST_LOG_SIZE,
  });
  cleanup.add('stop the exchange simulator', async () => (await opening.catch(() => null))?.stop());
  const [database, redis, sim] = await Promise.all([creating, starting, opening]);
  const db = await ChaosDatabase.connect(database.url);
  cleanup.add('close the audit connection', () => db.close());
  const snapshots = new SnapshotStore(redis.url);
  cleanup.add('close the snapshot reader', () => snapshots.close());
  log(
    `database ${database.name}, redis-server on port ${redis.port}, exchange simulator at ${sim.url}, fencing ${options.fencing ? 'on' : 'OFF'}`,
  );

  const encryptionKeys = `chaos:${randomBytes(32).toString('base64')}`;
  const shared = clusterEnv(database.url, redis.url, { url: sim.url, encryptionKeys });
  const balance = String(quoteBalancePerKey(options));
  const keys = Array.from({ length: Math.ceil(options.bots / options.botsPerKey) }, () =>
    sim.createApiKey({ balances: { USDT: balance } }),
  );
  const seeded = await db.seedLiveBots({
    count: options.bots,
    keys,
    botsPerKey: options.botsPerKey,
    ring: KeyRing.parse(encryptionKeys),
    symbols: CHAOS_SYMBOLS,
    params: {
      quotePerBuy: options.quotePerBuy,
      intervalSeconds: options.orderIntervalS,
      // never reached: the bots only buy, so each order is a market buy that fills at once
      takeProfitPct: 1000,
    },
  });
  log(
    `${options.bots} live DCA bots on ${keys.length} simulator keys (${balance} USDT each): ${options.quotePerBuy} USDT every ${options.orderIntervalS} s`,
  );

  const marketData = new MarketDataProcess(marketDataEnv(options, shared), log);
  cleanup.add('stop market-data', () => marketData.stop());
  await marketData.start();
  await waitFor(
    'market-data to share the markets and every ticker',
    async () =>
      (await snapshots.readMarkets('binance')) !== null &&
      (await Promise.all(CHAOS_SYMBOLS.map((s) => snapshots.readTicker('binance', s)))).every(
        (t) => t !== null,
      ),
    { timeoutMs: MARKET_DATA_START_MS, intervalMs: 250 },
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}
${marketData.output().slice(-3000)}`);
  });

  const pool = new WorkerPool(workerEnv(options, shared));
  cleanup.add('kill the workers', () => pool.killAll());
  const launchUs = nowUs();
  await Promise.all(Array.from({ length: options.workers }, () => pool.start()));
  const first = await waitForSettle(db, pool, launchUs, FIRST_SETTLE_CAP_MS);
  if (!first.settled) {
    const tails = pool
      .all()
      .map((w) => `worker #${w.n}:\n${tail(w)}`)
      .join('\n');
    throw new Error(`${first.pending.length} of ${options.bots} bots never ran\n${tails}`);
  }
  // The first worker up takes every bot; let the others get their share before faults start.
  const counts = await waitForSteadyCounts(db, pool, steadyMs(options), FIRST_SETTLE_CAP_MS);
  log(
    `${options.bots} bots running after ${first.ms} ms; per worker: ${counts.join(' ')}; orders placed so far: ${await db.placedOrders()}`,
  );
  const keyOf = new Map(seeded.map((b) => [b.botId, b.apiKey]));
  return {
    db,
    redis,
    pool,
    sim,
    keys,
    startBalances: { USDT: balance },
    keyOf,
    marketData,
    snapshots,
  };
}

interface FaultPhase {
  faults: InjectedFault[];
  injected: Record<FaultKind, number>;
  exchangeFaults: Record<ExchangeFaultKind, number>;
  /** Requests the exchange faults hit. */
  exchangeFaultHits: number;
  orderPressure: OrderPressureCounts | null;
  /** Reads the workers' order-budget waits (the settles after the faults take from it too). */
  scraper: BudgetWaitScraper;
  settleTimeouts: number;
  anomalies: string[];
}

/**
 * Faults one at a time, each followed by a (capped) wait until every bot runs again; with
 * exchange faults, one rides on each worker fault (on for a few seconds from its start), and
 * with order-limit pressure another program fills some keys' ORDERS windows meanwhile.
 */
async function injectFaults(
  options: ChaosOptions,
  { db, redis, pool, sim, keys }: Cluster,
  { log, cleanup }: RunDeps,
): Promise<FaultPhase> {
  const phase: FaultPhase = {
    faults: [],
    injected: zeroCounts(),
    exchangeFaults: zeroExchangeCounts(),
    exchangeFaultHits: 0,
    orderPressure: null,
    scraper: new BudgetWaitScraper(pool),
    settleTimeouts: 0,
    anomalies: [],
  };
  const random = seededRandom(options.seed);
  const exchangeKinds = exchangeFaultSchedule(seededRandom(options.seed + 1));
  const pressure =
    options.exchangeOrdersPer10s === null
      ? null
      : new OrderPressure(sim, keys, options.exchangeOrdersPer10s, seededRandom(options.seed + 2));
  pressure?.start();
  phase.scraper.start();
  const ctx: FaultContext = {
    db,
    pool,
    redis,
    random,
    leaseTtlMs: options.leaseTtlMs,
    tickingWithinMs: 2 * options.tickMs + 500,
    log,
    stopping: () => cleanup.started,
  };
  const phaseEnd = Date.now() + options.durationS * 1000;
  const schedule = faultSchedule(options.mix, random, {
    maxRounds: options.maxRounds,
    timeLeft: () => Date.now() < phaseEnd,
  });
  for (const kind of schedule) {
    if (cleanup.started) break;
    phase.anomalies.push(...(await replaceUnexpectedExits(pool, log)));
    let fault: InjectedFault;
    if (options.exchangeFaults) {
      const exchangeKind = exchangeKinds.next().value as ExchangeFaultKind;
      log(`exchange fault ${exchangeKind} for ${EXCHANGE_FAULT_MS} ms, with:`);
      const ridden = await withExchangeFault(sim, exchangeKind, EXCHANGE_FAULT_MS, () =>
        injectFault(kind, ctx),
      );
      fault = ridden.result;
      phase.exchangeFaults[exchangeKind] += 1;
      phase.exchangeFaultHits += ridden.hits;
      log(`  exchange fault ${exchangeKind} off after ${ridden.hits} requests hit`);
    } else fault = await injectFault(kind, ctx);
    phase.faults.push(fault);
    phase.injected[kind] += 1;
    phase.anomalies.push(...fault.anomalies);
    const settle = await waitForSettle(db, pool, fault.endUs, settleCapMs(options));
    if (settle.settled)
      log(
        `  settled ${settle.ms} ms after the fault ended; orders placed so far: ${await db.placedOrders()}`,
      );
    else {
      phase.settleTimeouts += 1;
      log(`  NOT settled after ${settle.ms} ms: not running: ${settle.pending.join(' ')}`);
    }
    await sleep(options.dwellMs);
  }
  phase.anomalies.push(...(await replaceUnexpectedExits(pool, log)));
  if (pressure) {
    await pressure.stop();
    phase.orderPressure = pressure.counts;
    log(`order-limit pressure over: ${JSON.stringify(pressure.counts)}`);
  }
  return phase;
}

/** A worker that died on its own is reported and replaced, so K stays constant. */
async function replaceUnexpectedExits(pool: WorkerPool, log: RunDeps['log']): Promise<string[]> {
  const lines: string[] = [];
  for (const worker of pool.unexpectedlyGone()) {
    worker.ended = true;
    const line = `worker #${worker.n} (pid ${worker.pid}) exited on its own`;
    lines.push(line);
    log(`${line}\n${tail(worker)}`);
    await pool.start();
  }
  return lines;
}

/**
 * Liveness of trading: waits until every desired-running bot has written an order intent since
 * `sinceUs` (the end of the final settle), or the cap; returns those that did not. A bot whose
 * ticks run but which cannot trade (no market data, no markets snapshot, an exchange that
 * refuses it) shows here and nowhere else.
 */
async function waitForTrading(
  options: ChaosOptions,
  db: ChaosDatabase,
  sinceUs: number,
): Promise<string[]> {
  const deadline = Date.now() + tradingCapMs(options);
  for (;;) {
    const idle = await db.botsWithoutOrderSince(sinceUs);
    if (idle.length === 0 || Date.now() >= deadline) return idle;
    await sleep(250);
  }
}

/**
 * The end of trading: market-data stops, so once its last tickers are MARKET_STALE_AFTER_MS old
 * no bot places anything new; every bot still resolves its pending intents (looked up by client
 * order id, or rejected once LATE_ORDER_WINDOW_MS has passed). Waits until none is pending, or
 * the cap. Returns the anomalies seen on the way.
 */
async function settleTrading(
  options: ChaosOptions,
  { db, pool, marketData, snapshots }: Cluster,
  log: RunDeps['log'],
): Promise<string[]> {
  const anomalies: string[] = [];
  if ((await snapshots.readMarkets('binance').catch(() => null)) === null) {
    const line =
      'the markets snapshot is missing from Redis at the end (bots cannot size or record orders without it)';
    anomalies.push(line);
    log(line);
  }
  await marketData.stop();
  await sleep(MARKET_STALE_AFTER_MS + 2 * options.tickMs);
  const capMs = pendingSettleCapMs(options);
  const started = Date.now();
  let pending = await db.pendingOrders();
  while (pending > 0 && Date.now() - started < capMs) {
    anomalies.push(...(await replaceUnexpectedExits(pool, log)));
    await sleep(250);
    pending = await db.pendingOrders();
  }
  log(
    pending === 0
      ? `trading settled: no pending intent ${Date.now() - started} ms after the tickers went stale`
      : `trading NOT settled: ${pending} intents still pending after ${capMs} ms`,
  );
  return anomalies;
}

/**
 * One chaos run: start the cluster, inject faults, let it settle a last time (bots, then their
 * pending orders), then judge from the history in Postgres and the exchange's own books.
 */
export async function runChaos(options: ChaosOptions, deps: RunDeps): Promise<ChaosReport> {
  const { log } = deps;
  const startedMs = Date.now();
  const cluster = await startCluster(options, deps);
  const { db, pool, sim, keys, marketData } = cluster;
  const phase = await injectFaults(options, cluster, deps);

  // Final settle: every bot runs again, then the counts per worker stop changing.
  const lastEndUs = phase.faults[phase.faults.length - 1]?.endUs ?? nowUs();
  const final = await waitForSettle(db, pool, lastEndUs, finalSettleCapMs(options));
  log(
    final.settled
      ? `final settle after ${final.ms} ms`
      : `final settle: not running after ${final.ms} ms: ${final.pending.join(' ')}`,
  );
  const botsPerWorker = await waitForSteadyCounts(
    db,
    pool,
    steadyMs(options),
    finalSettleCapMs(options),
  );
  const settledUs = nowUs();
  const orphans = await db.silentBots(failoverBoundMs(options));
  if (orphans.length > 0)
    log(`orphans (no heartbeat in ${failoverBoundMs(options)} ms): ${orphans.join(' ')}`);
  phase.anomalies.push(...(await replaceUnexpectedExits(pool, log)));
  const notTrading = await waitForTrading(options, db, settledUs);
  if (notTrading.length === 0) log('every bot placed an order after the final settle');
  else {
    const line = `${notTrading.length} bots placed no order within ${tradingCapMs(options)} ms of the final settle (e.g. ${notTrading.slice(0, 3).join(' ')})`;
    phase.anomalies.push(line);
    log(line);
  }
  phase.anomalies.push(...(await settleTrading(options, cluster, log)));

  const budgetWaits = await phase.scraper.stop();
  // The history is complete once no worker writes any more.
  await pool.killAll();
  log('analysing the history');
  // One connection: one query at a time.
  const staleWritesAccepted = await db.audit.staleWritesAccepted();
  const staleWriteTimes = staleWritesAccepted > 0 ? await db.staleWriteTimes() : [];
  const staleTrading = await db.staleTradingWrites();
  const claims = await db.claims();
  const intervals = await db.tokenIntervals();
  const halted = await db.haltedBots();
  for (const bot of halted.slice(0, 5)) phase.anomalies.push(`bot halted: ${bot}`);
  // the other program's orders (order-limit pressure) are no bot's: kept out of the audit
  const allOrders = simOrders(sim);
  const otherOrders = allOrders.filter((o) => isOtherProgramOrder(o.clientOrderId));
  const otherOrderIds = new Set(otherOrders.map((o) => `${o.symbol}#${o.orderId}`));
  const botOrders = allOrders.filter((o) => !isOtherProgramOrder(o.clientOrderId));
  const allFills = await simFills(sim, keys);
  const botFills = allFills.filter((f) => !otherOrderIds.has(`${f.symbol}#${f.orderId}`));
  const trading = auditTrading(botOrders, botFills, await db.orders(), await db.trades());
  const accounts: KeyAccount[] = keys.map((key) => ({
    apiKey: key.apiKey,
    startBalances: cluster.startBalances,
    balances: Object.fromEntries(
      Object.entries(sim.accountSnapshot(key.apiKey).balances).map(([asset, b]) => [
        asset,
        new Dec(b.free).plus(b.locked).toFixed(),
      ]),
    ),
  }));
  const reconciliation = reconcileBalances(
    await db.botBooks(cluster.keyOf),
    accounts,
    await db.repeatedTrades(),
  );
  const orderRequests = tallyOrderRequests(
    sim.requests({ path: '/api/v3/order', method: 'POST' }),
    [OTHER_PROGRAM_IP],
  );
  phase.anomalies.push(...marketData.anomalies);
  const records = phase.faults.map((f) => f.record);
  if (options.logDir) {
    writeArtifacts(
      options.logDir,
      pool.all(),
      phase.faults,
      botFailovers(records, claims, intervals),
      marketData.output(),
    );
    log(`worker and market-data logs and faults.jsonl in ${options.logDir}`);
  }
  return buildReport(options, {
    durationS: (Date.now() - startedMs) / 1000,
    faultsInjected: phase.injected,
    staleWritesAccepted,
    staleWritesAfter: countByPrecedingFault(staleWriteTimes, records),
    staleWritesRefusedLogged: pool.refusedWrites(),
    staleTradingWrites: {
      orders: staleTrading.filter((w) => w.table === 'orders').length,
      bot_events: staleTrading.filter((w) => w.table === 'bot_events').length,
    },
    staleTradingWritesAfter: countByPrecedingFault(
      staleTrading.map((w) => w.atUs),
      records,
    ),
    concurrency: concurrentOwners(intervals),
    orphans: orphans.length,
    failoverBoundMs: failoverBoundMs(options),
    failovers: failovers(records, claims, intervals),
    spread: spreadOf(botsPerWorker),
    botsPerWorker,
    trading,
    otherProgramOrders: otherOrders.length,
    otherProgramFills: allFills.length - botFills.length,
    fillShape: partialFills(botFills),
    reconciliation,
    exchangeFaults: phase.exchangeFaults,
    exchangeFaultHits: phase.exchangeFaultHits,
    orderPressure: phase.orderPressure,
    orderRequests,
    budgetWaits,
    botsNotTrading: notTrading.length,
    botsHalted: halted.length,
    settleTimeouts: phase.settleTimeouts,
    anomalies: phase.anomalies,
  });
}
