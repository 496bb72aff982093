import type { BacktestDefinition } from '@platform/contracts';

export const USAGE = `usage: npm run backtest -- --strategy NAME --symbol BASE/QUOTE --timeframe TF --from DATE --to DATE
                           [--params JSON] [--exchange ID] [--balance N] [--slippage PCT] [--out DIR]
  Runs a bot definition on history with the engine that runs bots (paper matching, fees,
  slippage, minimums) and prints a summary; writes the full result as JSON and an HTML report
  (equity curve and trades) into --out (default ./backtests).
  --strategy   sma-cross | rsi-reversion | grid | dca
  --symbol     e.g. BTC/USDT
  --timeframe  the bot's candles: 1m 5m 15m 1h 4h 1d
  --from/--to  2025-01-01 (a date is the whole day: --to 2025-12-31 includes Dec 31) or an ISO
               time (2025-01-01T12:00:00Z, --to exclusive)
  --params     the bot's params as JSON, e.g. '{"fastPeriod":9,"slowPeriod":21}' (risk included)
  --exchange   default binance; reached at EXCHANGE_BASE_URLS when set (e.g. the simulator)
  --balance    quote the paper account starts with (default 10000)
  --slippage   percent against market fills (default 0.05, the workers' default)
Exit 0: done; 2: bad arguments (named); 1: the exchange or the run failed.`;

/** Input the user can fix; printed with the usage, exit 2. */
export class UsageError extends Error {}

export interface BacktestCliOptions {
  definition: BacktestDefinition;
  outDir: string;
}

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function time(flag: string, value: string, end: boolean): number {
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms))
    throw new UsageError(`${flag}: "${value}" is not a date (2025-01-31) or ISO time`);
  return DATE_ONLY.test(value) && end ? ms + DAY_MS : ms;
}

function positive(flag: string, value: string, allowZero = false): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0))
    throw new UsageError(
      `${flag}: "${value}" must be a ${allowZero ? 'non-negative' : 'positive'} number`,
    );
  return n;
}

export function parseBacktestArgs(args: string[]): BacktestCliOptions | 'help' {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === '--help' || flag === '-h') return 'help';
    if (!flag.startsWith('--')) throw new UsageError(`unexpected argument "${flag}"`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--'))
      throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
    i++;
  }
  const known = [
    '--strategy',
    '--symbol',
    '--timeframe',
    '--from',
    '--to',
    '--params',
    '--exchange',
    '--balance',
    '--slippage',
    '--out',
  ];
  for (const flag of values.keys())
    if (!known.includes(flag)) throw new UsageError(`unknown option ${flag}`);
  const missing = ['--strategy', '--symbol', '--timeframe', '--from', '--to'].filter(
    (f) => !values.has(f),
  );
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(', ')}`);
  let params: unknown = {};
  if (values.has('--params')) {
    try {
      params = JSON.parse(values.get('--params') as string);
    } catch {
      throw new UsageError('--params: not valid JSON');
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params))
      throw new UsageError('--params: must be a JSON object');
  }
  const from = time('--from', values.get('--from') as string, false);
  const to = time('--to', values.get('--to') as string, true);
  if (to <= from) throw new UsageError('--to must be after --from');
  return {
    definition: {
      exchangeId: values.get('--exchange') ?? 'binance',
      symbol: values.get('--symbol') as string,
      timeframe: values.get('--timeframe') as string,
      strategy: values.get('--strategy') as string,
      params: params as Record<string, unknown>,
      from,
      to,
      startingBalance: positive('--balance', values.get('--balance') ?? '10000'),
      slippagePct: positive('--slippage', values.get('--slippage') ?? '0.05', true),
    },
    outDir: values.get('--out') ?? 'backtests',
  };
}
