import { WORKER_DEFAULT_TIMINGS } from '@platform/contracts';
import { FAULT_KINDS, zeroCounts } from './fault-kinds';
import {
  type ChaosOptions,
  failoverBoundMs,
  parseArgs,
  pendingSettleCapMs,
  PRESETS,
  quoteBalancePerKey,
  UsageError,
} from './options';
import { marketDataEnv, workerEnv } from './run-chaos';

const seed = () => 42;

describe('parseArgs', () => {
  it('defaults to the short preset', () => {
    expect(parseArgs([], seed)).toMatchObject({
      ...PRESETS.short,
      seed: 42,
      logDir: null,
      keepDb: false,
    });
  });

  it('takes a preset and overrides, in both --flag value and --flag=value forms', () => {
    expect(
      parseArgs(
        [
          '--preset',
          'long',
          '--workers=4',
          '--bots',
          '12',
          '--duration-s',
          '5',
          '--ttl-ms=2000',
          '--no-fencing',
        ],
        seed,
      ),
    ).toMatchObject({
      preset: 'long',
      workers: 4,
      bots: 12,
      durationS: 5,
      leaseTtlMs: 2000,
      fencing: false,
      maxRounds: PRESETS.long.maxRounds,
    });
  });

  it("the defaults preset runs the short preset's faults on the services' own timings", () => {
    const options = parseArgs(['--preset', 'defaults'], seed) as ChaosOptions;
    expect(options).toMatchObject({
      preset: 'defaults',
      serviceTimings: true,
      ...WORKER_DEFAULT_TIMINGS,
      mix: PRESETS.short.mix,
      bots: PRESETS.short.bots,
    });
    const env = workerEnv(options, {});
    expect(env).not.toHaveProperty('LEASE_TTL_MS');
    expect(env).not.toHaveProperty('RECONCILE_INTERVAL_MS');
    expect(env).not.toHaveProperty('BOT_TICK_INTERVAL_MS');
    expect(marketDataEnv(options, {})).not.toHaveProperty('FEED_LEASE_TTL_MS');
    // overriding a timing sets it, as on any preset
    const tuned = parseArgs(['--preset', 'defaults', '--ttl-ms', '900'], seed) as ChaosOptions;
    expect(workerEnv(tuned, {})).toMatchObject({ LEASE_TTL_MS: '900' });
    const short = parseArgs([], seed) as ChaosOptions;
    expect(workerEnv(short, {})).toMatchObject({ LEASE_TTL_MS: '1500' });
  });

  it('the exchange-faults preset trades on the finite book with exchange faults and order-limit pressure', () => {
    const options = parseArgs(['--preset', 'exchange-faults'], seed) as ChaosOptions;
    expect(options).toMatchObject({
      preset: 'exchange-faults',
      fills: 'depth',
      exchangeFaults: true,
      exchangeOrdersPer10s: 20,
      quotePerBuy: 5000,
      mix: PRESETS.short.mix,
    });
    expect(workerEnv(options, {})).toMatchObject({ ORDER_BUDGET_PER_10S: '6' });
    // the other presets keep the whole fills, no exchange fault, the workers' own order budget
    const short = parseArgs([], seed) as ChaosOptions;
    expect(short).toMatchObject({
      fills: 'whole',
      exchangeFaults: false,
      exchangeOrdersPer10s: null,
    });
    expect(workerEnv(short, {})).not.toHaveProperty('ORDER_BUDGET_PER_10S');
  });

  it('takes --seed, --rounds, --tick-ms, --reconcile-ms, --logs and --keep-db', () => {
    expect(
      parseArgs(
        [
          '--seed',
          '7',
          '--rounds',
          '2',
          '--tick-ms',
          '100',
          '--reconcile-ms',
          '250',
          '--logs',
          '/tmp/x',
          '--keep-db',
        ],
        seed,
      ),
    ).toMatchObject({
      seed: 7,
      maxRounds: 2,
      tickMs: 100,
      reconcileIntervalMs: 250,
      logDir: '/tmp/x',
      keepDb: true,
    });
  });

  it('takes the trading flags', () => {
    expect(
      parseArgs(
        ['--order-interval-s', '10', '--bots-per-key=1', '--late-order-window-ms', '5000'],
        seed,
      ),
    ).toMatchObject({ orderIntervalS: 10, botsPerKey: 1, lateOrderWindowMs: 5000 });
    expect(() => parseArgs(['--order-interval-s', '0'], seed)).toThrow(UsageError);
  });

  it('restricts the mix with --faults', () => {
    const options = parseArgs(['--preset', 'long', '--faults', 'stop_5x,kill_9'], seed);
    if (options === 'help') throw new Error('unexpected');
    expect(options.mix).toEqual({ ...zeroCounts(), stop_5x: 3, kill_9: 10 });
    expect(() => parseArgs(['--faults', 'stop_9x'], seed)).toThrow(UsageError);
  });

  it('answers help', () => {
    expect(parseArgs(['--bots', '3', '--help'], seed)).toBe('help');
  });

  it.each([
    [['--preset', 'medium']],
    [['--workers', '1']],
    [['--bots', 'many']],
    [['--ttl-ms', '100']],
    [['--bots']],
    [['--frobnicate', '1']],
    [['short']],
  ])('refuses %j', (argv) => {
    expect(() => parseArgs(argv, seed)).toThrow(UsageError);
  });

  it('does not share the preset mix between runs', () => {
    const a = parseArgs([], seed);
    if (a === 'help') throw new Error('unexpected');
    a.mix.kill_9 = 99;
    expect(PRESETS.short.mix.kill_9).toBe(1);
  });
});

describe('presets', () => {
  it('short covers every fault kind; long meets the targets (>=100 kill -9, >=100 SIGSTOP, 10 Redis restarts)', () => {
    for (const kind of FAULT_KINDS) expect(PRESETS.short.mix[kind]).toBeGreaterThan(0);
    const { mix, maxRounds } = PRESETS.long;
    expect(mix.kill_9 * maxRounds).toBeGreaterThanOrEqual(100);
    expect(
      (mix['stop_0.5x'] + mix['stop_1.1x'] + mix['stop_2x'] + mix['stop_5x']) * maxRounds,
    ).toBeGreaterThanOrEqual(100);
    expect(mix.redis_restart * maxRounds).toBe(10);
  });

  it('bounds failover by 2 TTLs, 4 reconcile passes and 2 ticks', () => {
    expect(failoverBoundMs(PRESETS.short)).toBe(2 * 1500 + 4 * 300 + 2 * 300);
  });

  it('funds each key for every buy of its bots, four times over', () => {
    // short: 3 bots x 15 USDT x ceil(650 s / 3 s) buys x 4
    expect(quoteBalancePerKey(PRESETS.short)).toBe(4 * 3 * 15 * 217);
    for (const preset of Object.values(PRESETS)) {
      const buys = Math.ceil(preset.durationS / preset.orderIntervalS) + 1;
      expect(quoteBalancePerKey(preset)).toBeGreaterThan(
        preset.botsPerKey * preset.quotePerBuy * buys,
      );
    }
  });

  it('waits for pending intents longer than the late-order window and a failover', () => {
    const short = { ...PRESETS.short, seed: 1, logDir: null, keepDb: false };
    expect(pendingSettleCapMs(short)).toBeGreaterThan(
      short.lateOrderWindowMs + failoverBoundMs(short),
    );
  });
});
