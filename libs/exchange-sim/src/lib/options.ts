import type { ApiKeySpec } from './accounts';
import { DEFAULT_DEPTH, type DepthOptions, type FillMode } from './book';
import { DEFAULT_ORDER_LIMITS, type OrderLimit } from './order-counter';
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
  /** First IP ban (default 2 minutes, Binance's shortest); each repeat doubles it. */
  banBaseMs?: number;
  /** Longest IP ban (default 3 days, Binance's longest). */
  banMaxMs?: number;
  /**
   * 'depth' (default, as Binance): takers walk a book of finite depth (several fills,
   * PARTIALLY_FILLED, IOC/MARKET leftovers EXPIRED) and resting orders fill in parts;
   * 'whole': every order fills whole at the touch (the simulator before issue 14).
   */
  fills?: FillMode;
  /** The book's levels, their size and how fast resting orders fill (book.ts DEFAULT_DEPTH). */
  depth?: Partial<DepthOptions>;
  /** ORDERS limits per account (default Binance's: 100 per 10 s, 200,000 per day). */
  orderLimits?: readonly OrderLimit[];
  /**
   * Refuse parameters an endpoint does not read (-1104), repeated ones (-1101), and
   * allOrders/myTrades ranges over 24 h (-1127) or myTrades' unsupported mixes (-1128)
   * (default true, as Binance).
   */
  strictParams?: boolean;
  /** DELETE /api/v3/openOrders with nothing open: -2011 (default true, as live) or []. */
  emptyCancelAllFails?: boolean;
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
  Omit<SimulatorOptions, 'epochMs' | 'marketStartMs' | 'streams' | 'depth'>
> &
  Pick<SimulatorOptions, 'epochMs' | 'marketStartMs'> & {
    streams: StreamOptions;
    depth: DepthOptions;
  };

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
    // rest-api.md "IP Limits": bans "scale in duration for repeat offenders, from 2 minutes to
    // 3 days"; tests and demos that want to recover quickly pass shorter ones
    banBaseMs: options.banBaseMs ?? 120_000,
    banMaxMs: options.banMaxMs ?? 3 * 86_400_000,
    fills: options.fills ?? 'depth',
    depth: { ...DEFAULT_DEPTH, ...options.depth },
    orderLimits: options.orderLimits ?? DEFAULT_ORDER_LIMITS,
    strictParams: options.strictParams ?? true,
    emptyCancelAllFails: options.emptyCancelAllFails ?? true,
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
               [--ban-base-ms N] [--ban-max-ms N] [--match-interval-ms N] [--fills depth|whole]
Each flag may also come from the environment: PORT, HOST, SEED, SYMBOLS, GENERATED_SYMBOLS,
WEIGHT_LIMIT, CLOCK_SPEED, BAN_BASE_MS, BAN_MAX_MS, MATCH_INTERVAL_MS, FILLS. Flags win.
  --symbols            a subset of the default markets (${DEFAULT_SYMBOLS.map((s) => `${s.base}/${s.quote}`).join(', ')})
  --generated-symbols  add N seeded markets SIM01/USDT.. (e.g. 20 for the fan-in benchmark)
  --clock-speed        market time per real time: 0 frozen, 60 one minute per second
  --ban-base-ms        first IP ban (default 120000, Binance's 2 minutes), doubling per repeat
  --ban-max-ms         longest IP ban (default 259200000, Binance's 3 days)
  --fills              depth: orders walk a finite book and fill in parts (default, as Binance);
                       whole: every order fills whole at the touch`;

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
  '--ban-max-ms': 'BAN_MAX_MS',
  '--fills': 'FILLS',
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
  const fills = values.FILLS === '' ? undefined : values.FILLS;
  if (fills !== undefined && fills !== 'depth' && fills !== 'whole') {
    throw new UsageError(`FILLS must be depth or whole, got ${fills}`);
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
    banMaxMs: number('BAN_MAX_MS', 0, true),
    fills,
    matchIntervalMs: number('MATCH_INTERVAL_MS', 0, true),
  };
}
