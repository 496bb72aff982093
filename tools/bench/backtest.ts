// bench:backtest (issue 13). One JSON line at the end with the keys the issue asks for.
// 1. Backfill: a year of 1m BTC/USDT candles from the simulator through market-data's own
//    backfill, within the default weight budget (tools/bench/candle-backfill.ts).
// 2. The year's backtest: the CLI example (sma-cross 9/21 on 1h over a year of 1m
//    candles, 525,600 of them) run --runs times as `npm run backtest` with DATABASE_URL (the
//    candle store holds the year), each timed by the CLI from the store's load to the result;
//    the median is reported with its load and simulate parts.
// 3. The sweep: --fast x --slow sma-cross combinations (10 x 10 = 100) on --sweep-days of 1m
//    candles, over one bot-worker serving backtest jobs, then over two (backtest-sweep.ts).
//   npm run bench:backtest -- [--days 365] [--runs 3] [--fast 10] [--slow 10] [--sweep-days 30]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastJsonLine, runTsScript } from '@platform/testing';
import { parseFlags, printFigures, progress, runBench } from './bench-kit';
import { measureSweep } from './backtest-sweep';
import { type BackfilledStore, measureBackfill } from './candle-backfill';

const log = progress('backtest');

interface CliFigures {
  candles: number;
  orders: number;
  load_s: number;
  simulate_s: number;
}

interface YearFigures {
  candles: number;
  orders: number;
  seconds: number;
  load_s: number;
  simulate_s: number;
  seconds_runs: number[];
  candles_per_s: number;
  simulated_candles_per_s: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** One run of `npm run backtest` on the store's year, in a child process: its own figures. */
async function runCli(stored: BackfilledStore, out: string): Promise<CliFigures> {
  const run = await runTsScript(
    'apps/bot-worker/src/backtest/cli/backtest-cli.ts',
    [
      ...['--strategy', 'sma-cross', '--symbol', stored.key.symbol, '--timeframe', '1h'],
      ...['--params', '{"fastPeriod":9,"slowPeriod":21}'],
      ...['--from', new Date(stored.from).toISOString(), '--to', new Date(stored.to).toISOString()],
      ...['--out', out, '--figures'],
    ],
    { env: { DATABASE_URL: stored.databaseUrl, EXCHANGE_BASE_URLS: `binance=${stored.simUrl}` } },
  );
  const figures = lastJsonLine(run.stdout);
  if (run.code !== 0 || figures === null)
    throw new Error(`npm run backtest exited ${run.code}: ${run.stderr}`);
  return figures as unknown as CliFigures;
}

/**
 * The year's backtest `runs` times, as a user runs it (`npm run backtest` with DATABASE_URL:
 * the candle store holds the year, so nothing is read from the exchange), each timed by the CLI
 * from the store's load to the result.
 */
async function timeYear(stored: BackfilledStore, runs: number): Promise<YearFigures> {
  const out = mkdtempSync(join(tmpdir(), 'bench-backtest-'));
  const loads: number[] = [];
  const simulations: number[] = [];
  let candles = 0;
  let orders = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const run = await runCli(stored, out);
      loads.push(run.load_s);
      simulations.push(run.simulate_s);
      ({ candles, orders } = run);
      log(
        `run ${i + 1}: ${candles} candles, ${orders} orders: load ${(run.load_s * 1000).toFixed(0)} ms + simulate ${(run.simulate_s * 1000).toFixed(0)} ms`,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const totals = loads.map((load, i) => load + simulations[i]);
  const seconds = median(totals);
  return {
    candles,
    orders,
    seconds: round3(seconds),
    load_s: round3(median(loads)),
    simulate_s: round3(median(simulations)),
    seconds_runs: totals.map(round3),
    candles_per_s: Math.round(candles / seconds),
    simulated_candles_per_s: Math.round(candles / median(simulations)),
  };
}

runBench(async () => {
  const flags = parseFlags('npm run bench:backtest --', {
    days: 365,
    runs: 3,
    fast: 10,
    slow: 10,
    'sweep-days': 30,
  });
  let year: YearFigures | undefined;
  const backfill = await measureBackfill({
    days: flags.days,
    loads: 1,
    then: async (stored) => {
      year = await timeYear(stored, flags.runs);
    },
  });
  if (!year) throw new Error('the year was not run');
  log(
    `one year: ${year.candles} candles in ${year.seconds} s (load ${year.load_s} s + simulate ${year.simulate_s} s), ${year.candles_per_s} candles/s`,
  );
  const sweep = await measureSweep({
    fast: flags.fast,
    slow: flags.slow,
    days: flags['sweep-days'],
    log,
  });
  log(
    `sweep of ${sweep.combinations}: one worker ${sweep.sweep_one_worker_s} s, two ${sweep.sweep_two_workers_s} s, ratio ${sweep.sweep_ratio}`,
  );
  printFigures({
    ...year,
    ...sweep,
    backfill_s: backfill.backfill_s,
    backfill_requests: backfill.requests,
    backfill_weight: backfill.weight,
    backfill_weight_budget_per_min: backfill.weight_budget_per_min,
    load_avg_1m: Math.round(loadavg()[0] * 10) / 10,
  });
});
