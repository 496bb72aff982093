import { lastJsonLine, runTsScript } from '@platform/testing';
import { ensureBuilt } from '../chaos/build';

// Every benchmark once, tiny, the way its npm script runs it (a child process through
// run-ts.mjs, built services, its own database and redis-server), so that none can rot: it
// exits 0 and its last stdout line is the JSON of figures it promises. Only the keys are
// checked: the figures of a tiny run on a shared machine mean nothing, and tests never assert
// timing.

interface Smoke {
  bench: string;
  flags: string[];
  /** Keys of its JSON line (dotted: nested). */
  keys: string[];
}

const SMOKES: Smoke[] = [
  {
    bench: 'lease-upkeep',
    flags: ['--bots', '5', '--seconds', '1'],
    keys: ['redis_cmds_per_s_per_1000_bots', 'worker_cpu_pct_per_1000_bots'],
  },
  {
    bench: 'lease-fleet',
    flags: ['--bots', '20', '--workers', '2', '--seconds', '1'],
    keys: ['redis_cmds_per_s_per_1000_bots', 'redis_cpu_pct', 'holder_cpu_pct_per_1000_bots'],
  },
  {
    bench: 'density',
    flags: [
      ...['--bots', '5', '--live', '1', '--symbols', '1', '--seconds', '1'],
      ...['--baseline-seconds', '1', '--settle-seconds', '1'],
    ],
    keys: ['bots', 'lag_p99_ms', 'tick_to_order_ms.p99'],
  },
  {
    bench: 'fanin',
    flags: [
      ...['--bots', '10', '--symbols', '2', '--seconds', '2'],
      ...['--transport-seconds', '1', '--naive-bots', '2', '--naive-seconds', '1'],
    ],
    keys: ['ratio', 'freshness_ms.p99', 'transport_ticker_ms.p99'],
  },
  {
    bench: 'gateway',
    flags: ['--seconds', '1', '--connections', '2', '--warmup-seconds', '0', '--slices', '1'],
    keys: ['ratio', 'ratio_same_page', 'ratio_same_body', 'cpu_us_per_request', 'p99_ms'],
  },
  {
    bench: 'dashboard',
    flags: ['--bots', '5', '--runs', '1', '--scroll-frames', '5', '--candles', '200'],
    keys: ['initial_js_gz_kb', 'first_usable_ms.p50', 'list.frame_ms_p99', 'chart.candles'],
  },
  {
    bench: 'live',
    flags: ['--clients', '20', '--client-processes', '2', '--rounds', '1'],
    keys: ['clients', 'p99_ms', 'kb_per_stream'],
  },
  {
    bench: 'alert-detection',
    flags: ['--runs', '1', '--scrape-seconds', '1', '--for-seconds', '1'],
    keys: ['alert', 'for_s', 'detect_s', 'detect_median_s'],
  },
  {
    bench: 'notifications',
    flags: ['--users', '3', '--fills', '2'],
    keys: ['messages', 'duplicates', 'messagesPerSecond', 'latencyMs.p99'],
  },
  {
    bench: 'candle-backfill',
    flags: ['--days', '2', '--loads', '1'],
    keys: ['candles', 'backfill_s', 'requests', 'weight', 'load_ms'],
  },
  {
    bench: 'backtest',
    flags: ['--days', '2', '--runs', '1', '--fast', '2', '--slow', '1', '--sweep-days', '1'],
    keys: [
      'candles',
      'seconds',
      'candles_per_s',
      'load_s',
      'simulate_s',
      'backfill_s',
      'sweep_ratio',
    ],
  },
  {
    bench: 'gateway-failover',
    flags: ['--seconds', '3', '--kill-at', '1', '--clients', '2'],
    keys: ['requests', 'failed', 'time_to_recover_ms', 'p99_ms_after'],
  },
  {
    bench: 'backtest-sweep',
    flags: ['--fast', '2', '--slow', '2', '--days', '1'],
    keys: ['sweep_one_worker_s', 'sweep_two_workers_s', 'sweep_ratio'],
  },
];

// A tiny run takes seconds; these only stop a stuck one with its output in the failure.
const RUN_TIMEOUT_MS = 150_000;
const TEST_TIMEOUT_MS = RUN_TIMEOUT_MS + 15_000;

describe('benchmark smoke runs', () => {
  beforeAll(() => {
    // The tools project's test target builds the apps; run on its own, build the missing ones.
    ensureBuilt(['bot-worker', 'market-data', 'api-gateway']);
  }, 120_000);

  it.each(SMOKES)(
    '$bench exits 0 and prints its figures',
    async ({ bench, flags, keys }) => {
      const run = await runTsScript(`tools/bench/${bench}.ts`, flags, {
        timeoutMs: RUN_TIMEOUT_MS,
      });
      const figures = lastJsonLine(run.stdout);
      // on failure, the bench's own progress and error say what happened
      if (run.code !== 0 || figures === null)
        process.stderr.write(`[${bench}] stdout:\n${run.stdout}\nstderr:\n${run.stderr}\n`);
      expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
      expect(figures).not.toBeNull();
      for (const key of keys) expect(figures).toHaveProperty(key);
    },
    TEST_TIMEOUT_MS,
  );
});
