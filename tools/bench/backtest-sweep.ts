// How a parameter sweep scales with the bot-workers that serve backtest jobs (issue 13): the
// same sweep (100 sma-cross combinations by default: fastPeriod 5..14 x slowPeriod 20..29 over
// `days` days of 1m candles) run with one bot-worker process serving jobs and then with two
// (real child processes, built dist, one BullMQ queue on a redis-server of the run's own). The
// candles come from the local exchange simulator through each worker's candle source; every
// phase first runs a small untimed warm-up sweep so each worker has the range loaded, and the
// timed sweep measures the jobs themselves: queue add to the last result stored in Postgres.
// Prints both times and the ratio, then one JSON line { sweep_one_worker_s,
// sweep_two_workers_s, sweep_ratio }.
//   node tools/scripts/run-ts.mjs tools/bench/backtest-sweep.ts [--fast 10] [--slow 10] [--days 30]
import { randomUUID } from 'node:crypto';
import { gridCombinations, withCombination } from '@platform/api-schemas';
import { BacktestQueue } from '@platform/backtest-queue';
import type { BacktestDefinition } from '@platform/contracts';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { BacktestsStore, createDataSource, sqlOver } from '@platform/persistence';
import { validateBotParams } from '@platform/strategies';
import { freePort, seedUser, ServiceProcess, waitFor, waitForStatus } from '@platform/testing';
import { parseFlags, printFigures, progress, runBench, startStores } from './bench-kit';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface SweepOptions {
  /** fastPeriod takes 5, 6, ... (this many values). */
  fast?: number;
  /** slowPeriod takes 20, 21, ... (this many values). */
  slow?: number;
  /** The range's length in days (1m candles). */
  days?: number;
  /** Progress lines (stderr by default). */
  log?: (message: string) => void;
}

export interface SweepFigures {
  combinations: number;
  candles_per_backtest: number;
  sweep_one_worker_s: number;
  sweep_two_workers_s: number;
  /** two workers' time over one's: 0.5 is perfect scaling. */
  sweep_ratio: number;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** Runs the sweep with one worker, then two; the figures (printed by the command, not here). */
export async function measureSweep(options: SweepOptions = {}): Promise<SweepFigures> {
  const { fast = 10, slow = 10, days = 30, log = progress('backtest-sweep') } = options;
  const stores = await startStores();
  // the market's clock a day behind: the range is history, identical in both phases
  const marketStartMs = Math.floor((Date.now() - DAY) / MINUTE) * MINUTE;
  const sim = await ExchangeSimulator.start({
    port: 0,
    seed: 21,
    marketStartMs,
    epochMs: marketStartMs - 400 * DAY,
    weightLimit: 1_000_000,
  });
  const dataSource = await createDataSource({ url: stores.db.url, poolSize: 4 }).initialize();
  const sql = sqlOver(dataSource);
  const store = new BacktestsStore(sql);
  const queue = new BacktestQueue(stores.redis.url);
  const workers: ServiceProcess[] = [];
  const to = marketStartMs - DAY;
  const base: BacktestDefinition = {
    exchangeId: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1m',
    strategy: 'sma-cross',
    params: {},
    from: to - days * DAY,
    to,
    startingBalance: 10_000,
    slippagePct: 0.05,
  };
  const grid = {
    fastPeriod: Array.from({ length: fast }, (_, i) => 5 + i),
    slowPeriod: Array.from({ length: slow }, (_, i) => 20 + i),
  };
  // the longest warm-up first, as the gateway queues a sweep (a worker's first job loads the
  // widest range of candles)
  const definitions = gridCombinations(grid)
    .reverse()
    .map((combination) => {
      const checked = validateBotParams('sma-cross', withCombination({}, combination), 'paper');
      if (!checked.ok) throw new Error(`bad combination ${JSON.stringify(combination)}`);
      return { ...base, params: checked.params as unknown as Record<string, unknown> };
    });

  const user = await seedUser(sql);
  /** Stores and queues a sweep of these definitions; resolves when all are done, in seconds. */
  const sweep = async (of: BacktestDefinition[]) => {
    const sweepId = randomUUID();
    const rows = of.map((definition) => ({
      id: randomUUID(),
      userId: user.id,
      sweepId,
      definition,
    }));
    await sql.transaction(async (tx) => {
      await store.insertSweep(tx, {
        id: sweepId,
        userId: user.id,
        definition: base,
        grid,
        rankBy: 'totalReturnPct',
        combinations: of.length,
      });
      await store.insert(tx, rows);
    });
    const started = performance.now();
    await queue.add(rows.map((row) => row.id));
    const counts = await waitFor(
      `sweep ${sweepId} to finish`,
      async () => {
        const now = await store.sweepCounts(sweepId);
        return now.queued + now.running === 0 ? now : undefined;
      },
      { timeoutMs: 30 * 60_000, intervalMs: 50 },
    );
    const seconds = (performance.now() - started) / 1000;
    if (counts.succeeded !== of.length)
      throw new Error(`sweep ended with ${JSON.stringify(counts)}: see the workers' output`);
    return seconds;
  };
  const startWorkers = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const worker = ServiceProcess.start(
        'bot-worker',
        {
          ...stores.serviceEnv,
          BOT_WORKER_HTTP_PORT: String(port),
          EXCHANGE_BASE_URLS: `binance=${sim.url}`,
          EXCHANGE_WEIGHT_BUDGETS: 'binance=1000000',
          BACKTEST_CONCURRENCY: '1',
          NOTIFY_WORKERS: 'false',
        },
        { production: true },
      );
      workers.push(worker);
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200);
    }
  };
  const stopWorkers = async () => {
    while (workers.length > 0) await workers.pop()?.stop();
  };

  try {
    const times: number[] = [];
    for (const count of [1, 2]) {
      log(`${count} worker(s): starting, warm-up sweep (loads the range's candles)`);
      await startWorkers(count);
      await sweep(definitions.slice(0, 2 * count));
      log(`${count} worker(s): timed sweep of ${definitions.length} combinations`);
      times.push(await sweep(definitions));
      log(`${count} worker(s): ${times.at(-1)?.toFixed(2)} s`);
      await stopWorkers();
    }
    const [one, two] = times;
    return {
      combinations: definitions.length,
      candles_per_backtest: Math.round((base.to - base.from) / MINUTE),
      sweep_one_worker_s: round(one),
      sweep_two_workers_s: round(two),
      sweep_ratio: round(two / one),
    };
  } catch (error) {
    for (const worker of workers) process.stderr.write(worker.output.slice(-3000));
    throw error;
  } finally {
    await Promise.all(workers.map((worker) => worker.kill()));
    await queue.close();
    await dataSource.destroy();
    await sim.stop();
    await stores.stop();
  }
}

if (require.main === module)
  runBench(async () => {
    const flags = parseFlags('node tools/scripts/run-ts.mjs tools/bench/backtest-sweep.ts', {
      fast: 10,
      slow: 10,
      days: 30,
    });
    const figures = await measureSweep(flags);
    process.stderr.write(
      `sweep of ${figures.combinations}: one worker ${figures.sweep_one_worker_s} s, two workers ${figures.sweep_two_workers_s} s, ratio ${figures.sweep_ratio}\n`,
    );
    printFigures({
      sweep_one_worker_s: figures.sweep_one_worker_s,
      sweep_two_workers_s: figures.sweep_two_workers_s,
      sweep_ratio: figures.sweep_ratio,
    });
  });
