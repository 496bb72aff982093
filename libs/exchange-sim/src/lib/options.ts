import type { ApiKeySpec } from './accounts';
import type { RateLimitOptions } from './rate-limiter';
import { DEFAULT_STREAM_OPTIONS, type StreamOptions } from './streams/stream-options';
import { DEFAULT_SYMBOLS, type SymbolSpec, parseSymbolName } from './symbols';

export interface SimulatorOptions {
  /** 0 (default for the class): any free port. */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** Seeds price paths, generated symbols and fault rolls (default 1). */
  seed?: number;
  /** Markets to list (default DEFAULT_SYMBOLS: BTC, ETH, SOL, BNB, XRP, ADA, DOGE /USDT, ETH/BTC). */
  symbols?: readonly SymbolSpec[];
  /** Extra seeded USDT markets SIM01..SIMnn (default 0). */
  generatedSymbols?: number;
  /** Time at which each path is at its configured price (default: start time, to the minute). */
  epochMs?: number;
  /** Market time at start (default: now). */
  marketStartMs?: number;
  /** Market clock speed: 1 real time, 0 frozen (prices move only by admin calls), 60 a minute per second. */
  clockSpeed?: number;
  /** Path resolution: the price changes once per step (default 1000 ms). */
  stepMs?: number;
  /** Steps sampled for highs and lows of long ranges (default 64). */
  extremeSamples?: number;
  weightLimit?: number;
  weightWindowMs?: number;
  rejectionsBeforeBan?: number;
  banBaseMs?: number;
  banMaxMs?: number;
  /** Commission per trade (default '0.001' = 0.1 %). */
  feeRate?: string;
  /** Keys to create at start (and again on reset). */
  apiKeys?: readonly ApiKeySpec[];
  /** Requests kept in full in the log (default 10,000; counts are not bounded). */
  requestLogSize?: number;
  /** How often resting orders are matched besides on every request (default 100 ms; 0: only on requests). */
  matchIntervalMs?: number;
  /** Skew of the server's clock against this machine's (for timestamp tests). */
  serverClockOffsetMs?: number;
  trustForwardedFor?: boolean;
  /** WebSocket market streams: cadences and limits (Binance's by default; shorter in tests). */
  streams?: Partial<StreamOptions>;
}

export type ResolvedOptions = Required<
  Omit<SimulatorOptions, 'epochMs' | 'marketStartMs' | 'streams'>
> &
  Pick<SimulatorOptions, 'epochMs' | 'marketStartMs'> & { streams: StreamOptions };

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 1,
    symbols: options.symbols ?? DEFAULT_SYMBOLS,
    generatedSymbols: options.generatedSymbols ?? 0,
    epochMs: options.epochMs,
    marketStartMs: options.marketStartMs,
    clockSpeed: options.clockSpeed ?? 1,
    stepMs: options.stepMs ?? 1000,
    extremeSamples: options.extremeSamples ?? 64,
    weightLimit: options.weightLimit ?? 6000,
    weightWindowMs: options.weightWindowMs ?? 60_000,
    rejectionsBeforeBan: options.rejectionsBeforeBan ?? 3,
    // Binance bans for 2 minutes up to 3 days; short here so tests and demos recover quickly
    banBaseMs: options.banBaseMs ?? 2000,
    banMaxMs: options.banMaxMs ?? 60_000,
    feeRate: options.feeRate ?? '0.001',
    apiKeys: options.apiKeys ?? [],
    requestLogSize: options.requestLogSize ?? 10_000,
    matchIntervalMs: options.matchIntervalMs ?? 100,
    serverClockOffsetMs: options.serverClockOffsetMs ?? 0,
    trustForwardedFor: options.trustForwardedFor ?? false,
    streams: { ...DEFAULT_STREAM_OPTIONS, ...options.streams },
  };
}

export function rateLimitOptions(o: ResolvedOptions): RateLimitOptions {
  return {
    weightLimit: o.weightLimit,
    windowMs: o.weightWindowMs,
    rejectionsBeforeBan: o.rejectionsBeforeBan,
    banBaseMs: o.banBaseMs,
    banMaxMs: o.banMaxMs,
  };
}

export const USAGE = `usage: main.ts [--port N] [--host H] [--seed N] [--symbols BTC/USDT,ETH/USDT,...]
               [--generated-symbols N] [--weight-limit N] [--clock-speed X]
               [--ban-base-ms N] [--match-interval-ms N]
Each flag may also come from the environment: PORT, HOST, SEED, SYMBOLS, GENERATED_SYMBOLS,
WEIGHT_LIMIT, CLOCK_SPEED, BAN_BASE_MS, MATCH_INTERVAL_MS. Flags win.
  --symbols            a subset of the default markets (${DEFAULT_SYMBOLS.map((s) => `${s.base}/${s.quote}`).join(', ')})
  --generated-symbols  add N seeded markets SIM01/USDT.. (e.g. 20 for the fan-in benchmark)
  --clock-speed        market time per real time: 0 frozen, 60 one minute per second`;

export class UsageError extends Error {}

const FLAGS: Record<string, string> = {
  '--port': 'PORT',
  '--host': 'HOST',
  '--seed': 'SEED',
  '--symbols': 'SYMBOLS',
  '--generated-symbols': 'GENERATED_SYMBOLS',
  '--weight-limit': 'WEIGHT_LIMIT',
  '--clock-speed': 'CLOCK_SPEED',
  '--ban-base-ms': 'BAN_BASE_MS',
  '--match-interval-ms': 'MATCH_INTERVAL_MS',
};

/** Options of the standalone server from flags and environment (flags win); PORT default 8090. */
export function parseCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SimulatorOptions {
  const values: Record<string, string | undefined> = {};
  for (const name of Object.values(FLAGS)) values[name] = env[name];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const name = FLAGS[flag];
    if (name === undefined) throw new UsageError(`unknown flag ${argv[i]}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    values[name] = value;
  }
  const number = (name: string, min: number, integer: boolean): number | undefined => {
    const text = values[name];
    if (text === undefined || text === '') return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
      throw new UsageError(
        `${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${text}`,
      );
    }
    return n;
  };
  const symbolNames = values.SYMBOLS?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  let symbols: SymbolSpec[] | undefined;
  try {
    symbols = symbolNames?.map((name) => parseSymbolName(name, DEFAULT_SYMBOLS));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return {
    port: number('PORT', 0, true) ?? 8090,
    host: values.HOST,
    seed: number('SEED', 0, true),
    symbols,
    generatedSymbols: number('GENERATED_SYMBOLS', 0, true),
    weightLimit: number('WEIGHT_LIMIT', 1, true),
    clockSpeed: number('CLOCK_SPEED', 0, false),
    banBaseMs: number('BAN_BASE_MS', 0, true),
    matchIntervalMs: number('MATCH_INTERVAL_MS', 0, true),
  };
}
