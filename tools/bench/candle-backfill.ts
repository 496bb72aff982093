// Backfill of candle history through market-data's own path (issue 13): a built market-data
// process on a fresh database and redis-server, asked over the Redis transport
// (market-data.backfill-candles) for `--days` of 1m candles of one symbol (default a year:
// 525,600) from the Binance simulator, within the default weight budget
// (EXCHANGE_WEIGHT_BUDGETS: binance=3000 a minute). Figures: the backfill's time, klines
// requests and the weight they spent (the simulator's request log), then the candle store's
// load of the whole range (CandleStore.load and loadColumns, best of --loads each). Prints one
// JSON line.
//   node tools/scripts/run-ts.mjs tools/bench/candle-backfill.ts [--days 365] [--loads 3]
import { loadavg } from 'node:os';
import { Logger } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { type CandleBackfillReply, candleOpenAt, MarketDataPatterns } from '@platform/contracts';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { CandleStore, createDataSource, sqlOver } from '@platform/persistence';
import { redisTransportOptions, request } from '@platform/service-kit';
import { freePort, ServiceProcess, waitForStatus } from '@platform/testing';
import { parseFlags, printFigures, progress, runBench, startStores } from './bench-kit';

const MINUTE = 60_000;
const log = progress('candle-backfill');
// Nest logs to stdout, which carries the figures only: the transport client keeps its errors.
Logger.overrideLogger(['error']);

export interface BackfillOptions {
  /** Days of 1m candles, ending at the candle open now. */
  days: number;
  /** Loads of the whole range from the store (the best is reported). */
  loads: number;
  symbol?: string;
  /**
   * Runs on the backfilled store before everything stops (bench:backtest times its backtests
   * on that year): the store, the candles' key and range, and the simulator's URL.
   */
  then?: (stored: BackfilledStore) => Promise<void>;
}

export interface BackfilledStore {
  store: CandleStore;
  key: { exchangeId: string; symbol: string; timeframe: string };
  from: number;
  to: number;
  simUrl: string;
}

export interface BackfillFigures {
  symbol: string;
  candles: number;
  backfill_s: number;
  candles_per_s: number;
  requests: number;
  weight: number;
  weight_budget_per_min: number;
  stored: number;
  missing_ranges: number;
  load_ms: number;
  load_ms_runs: number[];
  /** The same range as numbers (CandleStore.loadColumns), best of the runs. */
  load_columns_ms: number;
  load_columns_ms_runs: number[];
  /** The machine's 1-minute load average at the end: these figures are times on a shared machine. */
  load_avg_1m: number;
}

/** Default binance budget of EXCHANGE_WEIGHT_BUDGETS (libs/exchange config): half of 6000. */
const DEFAULT_BUDGET = 3000;

export async function measureBackfill(options: BackfillOptions): Promise<BackfillFigures> {
  const symbol = options.symbol ?? 'BTC/USDT';
  const stores = await startStores();
  const sim = await ExchangeSimulator.start({ port: 0, seed: 7 });
  const transport = ClientProxyFactory.create(redisTransportOptions(stores.redis.url));
  const dataSource = await createDataSource({ url: stores.db.url }).initialize();
  let marketData: ServiceProcess | undefined;
  try {
    const port = await freePort();
    marketData = ServiceProcess.start('market-data', {
      ...stores.serviceEnv,
      MARKET_DATA_HTTP_PORT: String(port),
      EXCHANGE_BASE_URLS: `binance=${sim.url}`,
      MARKET_STREAMS: 'off',
    });
    await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 60_000);
    const to = candleOpenAt('1m', Date.now());
    const from = to - options.days * 1440 * MINUTE;
    log(`backfilling ${options.days} days of 1m ${symbol} candles (${(to - from) / MINUTE})`);
    const started = performance.now();
    const reply = await request<CandleBackfillReply>(
      transport,
      MarketDataPatterns.BackfillCandles,
      { exchangeId: 'binance', symbol, timeframe: '1m', from, to },
      30 * 60_000,
    );
    const seconds = (performance.now() - started) / 1000;
    const klines = sim.requests({ path: '/api/v3/klines' });
    log(`stored ${reply.stored} candles in ${seconds.toFixed(1)} s, ${klines.length} requests`);

    const store = new CandleStore(sqlOver(dataSource));
    const key = { exchangeId: 'binance', symbol, timeframe: '1m' };
    const runs: number[] = [];
    let loaded = 0;
    for (let i = 0; i < options.loads; i++) {
      const t0 = performance.now();
      loaded = (await store.load(key, from, to)).length;
      runs.push(Math.round(performance.now() - t0));
    }
    log(`loaded ${loaded} candles from the store: ${runs.join(' / ')} ms`);
    const columnRuns: number[] = [];
    for (let i = 0; i < options.loads; i++) {
      const t0 = performance.now();
      loaded = Math.min(loaded, (await store.loadColumns(key, from, to)).count);
      columnRuns.push(Math.round(performance.now() - t0));
    }
    log(`loaded them as numbers (loadColumns): ${columnRuns.join(' / ')} ms`);
    await options.then?.({ store, key, from, to, simUrl: sim.url });
    return {
      symbol,
      candles: loaded,
      backfill_s: Math.round(seconds * 10) / 10,
      candles_per_s: Math.round(reply.fetched / seconds),
      requests: klines.length,
      weight: klines.reduce((sum, r) => sum + r.weight, 0),
      weight_budget_per_min: DEFAULT_BUDGET,
      stored: reply.stored,
      missing_ranges: reply.missing.length,
      load_ms: Math.min(...runs),
      load_ms_runs: runs,
      load_columns_ms: Math.min(...columnRuns),
      load_columns_ms_runs: columnRuns,
      load_avg_1m: Math.round(loadavg()[0] * 10) / 10,
    };
  } finally {
    await marketData?.stop();
    await transport.close();
    await dataSource.destroy();
    await sim.stop();
    await stores.stop();
  }
}

if (require.main === module) {
  runBench(async () => {
    const flags = parseFlags('node tools/scripts/run-ts.mjs tools/bench/candle-backfill.ts', {
      days: 365,
      loads: 3,
    });
    printFigures({ ...(await measureBackfill({ days: flags.days, loads: flags.loads })) });
  });
}
