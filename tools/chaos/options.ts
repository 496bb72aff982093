import { WORKER_DEFAULT_TIMINGS } from '@platform/contracts';
import { FAULT_KINDS, type FaultKind, type FaultMix } from './fault-kinds';

export type PresetName = 'short' | 'long' | 'defaults' | 'exchange-faults';
const PRESET_NAMES: readonly PresetName[] = ['short', 'long', 'defaults', 'exchange-faults'];

export interface ChaosOptions {
  preset: PresetName;
  /**
   * The services run on their own default timings: the lease TTL, reconcile and tick below are
   * those defaults, for the harness's bounds, and are not set in the services' environment.
   */
  serviceTimings: boolean;
  workers: number;
  bots: number;
  leaseTtlMs: number;
  reconcileIntervalMs: number;
  tickMs: number;
  /** BOT_TICK_WORK_MS: room between the lease check and the write for a SIGSTOP to land in. */
  tickWorkMs: number;
  /** Length of the fault phase; the first round of faults always completes. */
  durationS: number;
  /** Most rounds of faults (0: as many as the duration allows). */
  maxRounds: number;
  /** Faults of each kind per round. */
  mix: FaultMix;
  /** Quiet time after each settle before the next fault, so rebalancing can proceed. */
  dwellMs: number;
  fencing: boolean;
  /** The bots' DCA: quote spent per market buy, and seconds between buys. */
  quotePerBuy: number;
  orderIntervalS: number;
  /** Bots sharing one simulator API key (one exchange account). */
  botsPerKey: number;
  /** LATE_ORDER_WINDOW_MS of the workers: an intent not found after this long is rejected. */
  lateOrderWindowMs: number;
  /**
   * How the simulator fills: 'depth' (Binance's finite book: market buys walk several levels,
   * several fills per order) or 'whole' (one fill at the touch).
   */
  fills: 'depth' | 'whole';
  /** Exchange faults (5xx, drops, unknown outcomes, 429s, latency) alongside the worker faults. */
  exchangeFaults: boolean;
  /**
   * Order-limit pressure: the simulator's ORDERS limit per 10 s, which "another program" on
   * the same keys fills now and then (null: Binance's 100, no other program).
   */
  exchangeOrdersPer10s: number | null;
  /** The workers' ORDER_BUDGET_PER_10S (null: their default). */
  orderBudgetPer10s: number | null;
  seed: number;
  /** Directory for every worker's output and the per-fault details (none: not written). */
  logDir: string | null;
  /** Leave the database in place for a look at its history (its name is logged). */
  keepDb: boolean;
}

const every = (n: number): FaultMix =>
  Object.fromEntries(FAULT_KINDS.map((kind) => [kind, n])) as FaultMix;

// short: about a minute on a 2-core machine, every kind once (plus what time allows).
// Every bot is a live DCA bot on the exchange simulator: a market buy every orderIntervalS.
// long: by hand, for figures: 10 rounds of 10 kill -9, 12 SIGSTOPs, 2 SIGTERMs, 1 Redis restart.
export const PRESETS: Record<PresetName, Omit<ChaosOptions, 'seed' | 'logDir' | 'keepDb'>> = {
  short: {
    preset: 'short',
    serviceTimings: false,
    workers: 3,
    bots: 30,
    leaseTtlMs: 1500,
    reconcileIntervalMs: 300,
    tickMs: 300,
    tickWorkMs: 20,
    durationS: 50,
    maxRounds: 0,
    mix: every(1),
    dwellMs: 1000,
    fencing: true,
    quotePerBuy: 15,
    orderIntervalS: 3,
    botsPerKey: 3,
    lateOrderWindowMs: 3000,
    fills: 'whole',
    exchangeFaults: false,
    exchangeOrdersPer10s: null,
    orderBudgetPer10s: null,
  },
  long: {
    preset: 'long',
    serviceTimings: false,
    workers: 3,
    bots: 300,
    leaseTtlMs: 3000,
    reconcileIntervalMs: 1000,
    tickMs: 1000,
    tickWorkMs: 20,
    durationS: 5400,
    maxRounds: 10,
    mix: {
      kill_9: 10,
      'stop_0.5x': 3,
      'stop_1.1x': 3,
      stop_2x: 3,
      stop_5x: 3,
      sigterm: 2,
      redis_restart: 1,
    },
    dwellMs: 2000,
    fencing: true,
    quotePerBuy: 15,
    // 300 bots: 10 orders a second over the cluster. 30 keys: each worker's client of a key
    // loads the markets once (weight 20, outside the cluster budget), so 3 workers starting
    // together stay well below the simulator's 6000 per minute.
    orderIntervalS: 30,
    botsPerKey: 10,
    lateOrderWindowMs: 3000,
    fills: 'whole',
    exchangeFaults: false,
    exchangeOrdersPer10s: null,
    orderBudgetPer10s: null,
  },
  // exchange-faults (issue 14's proof): the short preset's cluster on Binance's finite book,
  // 5000 USDT market buys (levels hold ~2000 USDT: each order fills in several parts), an
  // exchange fault on top of every worker fault, the workers' order budget below what the bots
  // ask for, and another program filling some keys' ORDERS window now and then (-1015).
  get 'exchange-faults'() {
    return {
      ...PRESETS.short,
      mix: { ...PRESETS.short.mix },
      preset: 'exchange-faults' as const,
      durationS: 600,
      quotePerBuy: 5000,
      fills: 'depth' as const,
      exchangeFaults: true,
      exchangeOrdersPer10s: 20,
      // 3 bots a key, a buy every 3 s each: 10 orders per 10 s asked for, 6 allowed
      orderBudgetPer10s: 6,
    };
  },
  // defaults: the short preset's faults on the services' own default timings (a new user's
  // failover), set by none of the harness's overrides
  get defaults() {
    return {
      ...PRESETS.short,
      mix: { ...PRESETS.short.mix },
      preset: 'defaults' as const,
      serviceTimings: true,
      ...WORKER_DEFAULT_TIMINGS,
    };
  },
};

export const USAGE = `usage: chaos.ts [--preset short|long|defaults|exchange-faults] [--workers K] [--bots N] [--duration-s S]
                [--ttl-ms MS] [--tick-ms MS] [--reconcile-ms MS] [--rounds R] [--seed X]
                [--faults KIND,...] [--no-fencing] [--logs DIR] [--keep-db]
                [--order-interval-s S] [--bots-per-key B] [--late-order-window-ms MS]
  --preset short   ~1 minute: 3 workers, 30 bots, TTL 1500 ms, every fault kind once (default)
  --preset long    by hand, ~1 hour: 3 workers, 300 bots, TTL 3000 ms, 10 rounds of faults
  --preset defaults  the short preset's faults on the services' own default timings (TTL ${WORKER_DEFAULT_TIMINGS.leaseTtlMs} ms)
  --preset exchange-faults  by hand, ~15 minutes: the short cluster on Binance's finite book
                   (partial fills), exchange faults with every worker fault, order-limit pressure
  --faults K,...   only these kinds (${FAULT_KINDS.join(', ')})
  --no-fencing     baseline: workers run with UNSAFE_DISABLE_FENCING=true
  --logs DIR       write each worker's output and faults.jsonl (per fault and bot) to DIR
  --keep-db        do not drop the throwaway database (to query its history afterwards)
  --order-interval-s S      each bot (live DCA on the simulator) buys every S seconds
  --bots-per-key B          bots per simulator API key (exchange account)
  --late-order-window-ms MS the workers' LATE_ORDER_WINDOW_MS
Prints one JSON line to stdout; progress goes to stderr. Exit 1 on a safety violation
(with fencing on), 2 when the harness itself failed.`;

export class UsageError extends Error {}

const integer = (flag: string, value: string | undefined, min: number): number => {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} needs an integer >= ${min}, got ${value ?? 'nothing'}`);
  return n;
};

/** The mix restricted to a comma-separated list of kinds (each at least once per round). */
function onlyKinds(mix: FaultMix, list: string | undefined): FaultMix {
  const wanted = (list ?? '').split(',').filter(Boolean);
  const unknown = wanted.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (wanted.length === 0 || unknown.length > 0)
    throw new UsageError(
      `--faults takes kinds among ${FAULT_KINDS.join(', ')}; got ${list ?? 'nothing'}`,
    );
  return Object.fromEntries(
    FAULT_KINDS.map((kind: FaultKind) => [
      kind,
      wanted.includes(kind) ? Math.max(1, mix[kind]) : 0,
    ]),
  ) as FaultMix;
}

/** Parses argv (without node and the script); `help` when --help was asked for. */
export function parseArgs(argv: string[], randomSeed: () => number): ChaosOptions | 'help' {
  const args: [string, string | undefined][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    if (eq > 0) args.push([arg.slice(0, eq), arg.slice(eq + 1)]);
    else if (['--no-fencing', '--keep-db', '--help'].includes(arg)) args.push([arg, undefined]);
    else args.push([arg, argv[++i]]);
  }
  if (args.some(([flag]) => flag === '--help')) return 'help';

  const presetArg = args.find(([flag]) => flag === '--preset')?.[1] ?? 'short';
  const preset = PRESET_NAMES.find((name) => name === presetArg);
  if (!preset) throw new UsageError(`--preset is ${PRESET_NAMES.join(', ')}, got ${presetArg}`);
  const options: ChaosOptions = {
    ...PRESETS[preset],
    mix: { ...PRESETS[preset].mix },
    seed: randomSeed(),
    logDir: null,
    keepDb: false,
  };
  for (const [flag, value] of args) {
    switch (flag) {
      case '--preset':
        break;
      case '--workers':
        options.workers = integer(flag, value, 2);
        break;
      case '--bots':
        options.bots = integer(flag, value, 1);
        break;
      case '--duration-s':
        options.durationS = integer(flag, value, 0);
        break;
      case '--ttl-ms':
        options.leaseTtlMs = integer(flag, value, 500);
        options.serviceTimings = false;
        break;
      case '--tick-ms':
        options.tickMs = integer(flag, value, 50);
        options.serviceTimings = false;
        break;
      case '--reconcile-ms':
        options.reconcileIntervalMs = integer(flag, value, 200);
        options.serviceTimings = false;
        break;
      case '--rounds':
        options.maxRounds = integer(flag, value, 0);
        break;
      case '--seed':
        options.seed = integer(flag, value, 0);
        break;
      case '--no-fencing':
        options.fencing = false;
        break;
      case '--faults':
        options.mix = onlyKinds(options.mix, value);
        break;
      case '--keep-db':
        options.keepDb = true;
        break;
      case '--order-interval-s':
        options.orderIntervalS = integer(flag, value, 1);
        break;
      case '--bots-per-key':
        options.botsPerKey = integer(flag, value, 1);
        break;
      case '--late-order-window-ms':
        options.lateOrderWindowMs = integer(flag, value, 0);
        break;
      case '--logs':
        if (!value) throw new UsageError('--logs needs a directory');
        options.logDir = value;
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return options;
}

/**
 * Longest a bot may go without ticking after a fault before we call it orphaned: the lease
 * runs out (TTL), the registry forgets a dead worker (TTL), a survivor at its fair share
 * waits 3 reconcile passes before taking an orphan over, plus one pass and a first tick.
 */
export const failoverBoundMs = (
  o: Pick<ChaosOptions, 'leaseTtlMs' | 'reconcileIntervalMs' | 'tickMs'>,
): number => 2 * o.leaseTtlMs + 4 * o.reconcileIntervalMs + 2 * o.tickMs;

/** Cap on the wait for the cluster to settle between faults (then the next fault goes on). */
export const settleCapMs = (o: ChaosOptions): number => Math.max(15000, 3 * failoverBoundMs(o));

/** Cap on the final settle (all bots ticking, counts per worker steady). */
export const finalSettleCapMs = (o: ChaosOptions): number =>
  Math.max(30000, 5 * failoverBoundMs(o));

/** The workers' MARKET_STALE_AFTER_MS: once market-data stops, bots place nothing new after this. */
export const MARKET_STALE_AFTER_MS = 3000;

/**
 * USDT on each simulator key: every bot of the key buying every interval for the fault phase
 * plus ten minutes of start-up and settles, four times over (a bot that runs out of funds
 * halts, which would hide it from every measurement).
 */
export const quoteBalancePerKey = (
  o: Pick<ChaosOptions, 'durationS' | 'orderIntervalS' | 'quotePerBuy' | 'botsPerKey'>,
): number => 4 * o.botsPerKey * o.quotePerBuy * Math.ceil((o.durationS + 600) / o.orderIntervalS);

/**
 * Cap on the wait, once market-data has stopped, for every pending intent to resolve: its
 * owner looks each one up at once, and one it cannot find is rejected once LATE_ORDER_WINDOW_MS
 * has passed; a bot still moving to a new owner needs a failover first.
 */
export const pendingSettleCapMs = (o: ChaosOptions): number =>
  Math.max(15000, 2 * o.lateOrderWindowMs + 2 * failoverBoundMs(o) + MARKET_STALE_AFTER_MS);

/**
 * Cap on the wait, after the final settle (every bot runs), until every bot has written an
 * order intent again: two of its intervals, plus a stale ticker's worth of hiccup.
 */
export const tradingCapMs = (o: Pick<ChaosOptions, 'orderIntervalS'>): number =>
  2 * o.orderIntervalS * 1000 + MARKET_STALE_AFTER_MS;
