import { encryptionKeysEnv, exchangeEnv } from '@platform/exchange';
import { WORKER_DEFAULT_TIMINGS } from '@platform/contracts';
import { redisOptionsFromUrl } from '@platform/redis';
import { notifyEnv } from '@platform/notifications';
import { commonEnv, env, type EnvValues } from '@platform/service-kit';

export const botWorkerEnv = {
  ...commonEnv,
  BOT_WORKER_HTTP_PORT: env.port({
    description: 'HTTP port of a bot-worker (health probes)',
    default: 3101,
  }),
  RECONCILE_INTERVAL_MS: env.int({
    description:
      'how often a bot-worker re-reads desired bot states from Postgres even without hints',
    default: WORKER_DEFAULT_TIMINGS.reconcileIntervalMs,
    min: 200,
    max: 600000,
  }),
  LEASE_TTL_MS: env.int({
    description: "lease TTL of a bot; a dead worker's bots move after at most about this long",
    default: WORKER_DEFAULT_TIMINGS.leaseTtlMs,
    min: 500,
    max: 120000,
  }),
  REDIS_LOCK_URLS: env.list({
    description:
      'independent Redis masters for leases (quorum = majority), redis:// or rediss:// each; empty: REDIS_URL alone (which may be a Sentinel group)',
    default: '',
    // a Sentinel URL lists hosts with commas too: its pieces are refused here by name
    item: (entry) => (redisOptionsFromUrl(entry), entry),
  }),
  WORKER_CAPACITY: env.int({ description: 'most bots this worker runs', default: 10000, min: 0 }),
  WORKER_TAGS: env.list({
    description:
      'placement tags of this worker, e.g. region=sp; bots that require a tag run only on workers with it',
    default: '',
  }),
  BOT_TICK_INTERVAL_MS: env.int({
    description:
      'a running bot evaluates on every market update and at least this often; the worker marks its bots alive in Postgres at this pace (one statement for all)',
    default: WORKER_DEFAULT_TIMINGS.tickMs,
    min: 50,
  }),
  MARKET_STALE_AFTER_MS: env.int({
    description: 'a bot does not act on market data older than this (three poll intervals)',
    default: 3000,
    min: 100,
  }),
  ORDER_POLL_INTERVAL_MS: env.int({
    description: 'how often a bot looks up its resting limit orders for fills',
    default: 2000,
    min: 100,
  }),
  PAPER_SLIPPAGE_PCT: env.custom(
    {
      description: 'paper trading: market orders fill this many percent worse than the touch',
      default: '0.05',
    },
    (raw) => {
      const value = Number(raw);
      if (!/^\d+(\.\d+)?$/.test(raw.trim()) || value > 10)
        throw new Error('must be a percentage between 0 and 10, e.g. 0.05');
      return value;
    },
  ),
  ORDER_BUDGET_PER_10S: env.int({
    description:
      'live orders and cancels per API key per 10 s, shared by every worker (Binance allows 100)',
    default: 50,
    min: 1,
  }),
  ...exchangeEnv,
  ...encryptionKeysEnv,
  LATE_ORDER_WINDOW_MS: env.int({
    description:
      "live trading: how long an order whose fate is unknown (or a predecessor's pending intent) could still reach the exchange: the order's recvWindow (5 s) + a margin; a lookup that finds nothing earlier proves nothing",
    default: 10000,
    min: 0,
  }),
  ...notifyEnv,
  BACKTEST_CONCURRENCY: env.int({
    description:
      'backtests this bot-worker runs at once (BullMQ jobs of the shared queue: every worker that serves them takes a share of a sweep); 0: this worker serves none',
    default: 1,
    min: 0,
    max: 64,
  }),
  BACKTEST_LOCK_MS: env.int({
    description:
      'lock of a running backtest job, renewed every half of it: when a worker dies, another takes its backtest over within about 1.5 times this',
    default: 10000,
    min: 1000,
    max: 600000,
  }),
  BACKTEST_PROGRESS_INTERVAL_MS: env.int({
    description:
      "a running backtest stores its progress in Postgres (and tells the owner's dashboards) at most this often",
    default: 1000,
    min: 100,
    max: 60000,
  }),
};

/**
 * Test-harness switches: read only in a process the harness started (see loadHarnessSwitches);
 * a production start refuses each one that is set. Not in .env.example on purpose.
 */
export const harnessSwitchesEnv = {
  BOT_HEARTBEAT_HISTORY: env.bool({
    description:
      'test harness: each bot also writes a fenced heartbeat row per tick (the chaos harness and ownership tests audit them)',
    default: false,
  }),
  BOT_TICK_WORK_MS: env.int({
    description:
      'test harness only: simulated work between the lease check and the write of a tick',
    default: 0,
    min: 0,
  }),
  BOT_CRASH_AT: env.oneOf(['', 'after-intent', 'after-send'] as const, {
    description:
      'test harness only (failover tests): the worker kills itself right after its first order intent, or right after the exchange answered',
    default: '',
  }),
  BACKTEST_PROGRESS_DELAY_MS: env.int({
    description:
      'test harness only (takeover and cancel tests): a pause at each progress step of a backtest, so a run lasts long enough to be caught midway',
    default: 0,
    min: 0,
  }),
  UNSAFE_DISABLE_FENCING: env.bool({
    description:
      'test harness only (chaos baseline): accept writes from superseded owners; never in production',
    default: false,
  }),
};

export type BotWorkerConfig = EnvValues<typeof botWorkerEnv> & EnvValues<typeof harnessSwitchesEnv>;
