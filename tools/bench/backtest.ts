// bench:backtest (issue 13). One JSON line at the end with the keys the issue asks for.
// 1. Backfill: a year of 1m BTC/USDT candles from the simulator through market-data's own
//    backfill, within the default weight budget (tools/bench/candle-backfill.ts).
// 2. The year's backtest: the definition of the CLI example (sma-cross 9/21 on 1h over
//    a year of 1m candles, 525,600 of them) loaded from the candle store and run by the engine
//    that runs bots; each run timed from the load to the result, the median of --runs reported
//    with its load and simulate parts.
// 3. The sweep: --combinations parameter combinations over one bot-worker serving backtest
//    jobs, then over two (tools/bench/backtest-sweep.ts).
//   npm run bench:backtest -- [--days 365] [--runs 3] [--combinations 100] [--sweep-days 30]
import { loadavg } from 'node:os';
import type { BacktestDefinition } from '@platform/contracts';
import { CcxtExchangeClient } from '@platform/exchange';
import { runBacktest } from '../../apps/bot-worker/src/backtest/run-backtest';
import { warmUpMs } from '../../apps/bot-worker/src/backtest/history-candles';
import { parseFlags, printFigures, progress, runBench } from './bench-kit';
import { type BackfilledStore, measureBackfill } from './candle-backfill';

const log = progress('backtest');

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

/** The year's backtest, `runs` times from the store, timed from the load to the result. */
async function timeYear(stored: BackfilledStore, runs: number): Promise<YearFigures> {
  const client = new CcxtExchangeClient({ exchangeId: 'binance', baseUrl: stored.simUrl });
  const market = (await client.loadMarkets())[stored.key.symbol];
  const definition: BacktestDefinition = {
    exchangeId: 'binance',
    symbol: stored.key.symbol,
    timeframe: '1h',
    strategy: 'sma-cross',
    params: { fastPeriod: 9, slowPeriod: 21 },
    from: stored.from,
    to: stored.to,
    startingBalance: 10_000,
    slippagePct: 0.05,
  };
  const loads: number[] = [];
  const simulations: number[] = [];
  let candles = 0;
  let orders = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const columns = await stored.store.loadColumns(
      stored.key,
      definition.from - warmUpMs(definition.timeframe, 22),
      definition.to,
    );
    const t1 = performance.now();
    const result = await runBacktest(definition, columns, market);
    const t2 = performance.now();
    loads.push((t1 - t0) / 1000);
    simulations.push((t2 - t1) / 1000);
    candles = result.candles;
    orders = result.orders.length;
    log(
      `run ${i + 1}: ${candles} candles, ${orders} orders: load ${(t1 - t0).toFixed(0)} ms + simulate ${(t2 - t1).toFixed(0)} ms`,
    );
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
  const flags = parseFlags('npm run bench:backtest --', { days: 365, runs: 3 });
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
  printFigures({
    ...year,
    backfill_s: backfill.backfill_s,
    backfill_requests: backfill.requests,
    backfill_weight: backfill.weight,
    backfill_weight_budget_per_min: backfill.weight_budget_per_min,
    load_avg_1m: Math.round(loadavg()[0] * 10) / 10,
  });
});
