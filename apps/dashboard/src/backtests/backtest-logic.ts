// What the backtest pages compute: the range presets of the bot form, the metrics in words and
// units, the chart's candle size for a range, and equity curves lined up for an overlay.
import { candlesSpanned, timeframeMs } from '@platform/contracts';
import type { Backtest, BacktestMetrics } from '../api/types';
import { duration } from '../ui/format';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The range presets of the backtest form: the last N days up to the last whole minute. */
export const RANGE_PRESETS = [
  { days: 1, label: 'Last day' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
] as const;

export function presetRange(days: number, now = Date.now()) {
  const to = Math.floor(now / MINUTE) * MINUTE;
  return { from: to - days * DAY, to };
}

/** ms -> the value of an <input type="datetime-local"> (local time, to the minute). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** An <input type="datetime-local"> value -> ms (local time); what cannot be read stays text. */
export function fromLocalInput(text: string): number | string {
  if (!text) return text;
  const ms = new Date(text).getTime();
  return Number.isFinite(ms) ? ms : text;
}

/**
 * How often a running backtest is asked for: often while the live stream is not open, seldom
 * while it is (its events move the progress; the stream is at most once, so an end may be lost).
 */
export const pollInterval = (live: string) => (live === 'open' ? 10_000 : 2_000);

export const FINISHED = ['succeeded', 'failed', 'cancelled'];
export const isFinished = (b: Pick<Backtest, 'status'>) => FINISHED.includes(b.status);

type MetricKey = keyof BacktestMetrics;
export interface MetricRow {
  key: MetricKey;
  label: string;
  /** How the value reads (unit included); null values read as `none`. */
  format: (value: number, quote: string) => string;
  /** What the figure means, when its name does not say it. */
  note?: string;
  /** Why a value may be missing. */
  none?: string;
  /** Which way is better, to tone the figure. */
  better?: 'higher' | 'lower';
  tone?: boolean;
}

const sign = (value: number) => (value > 0 ? '+' : value < 0 ? '−' : '');
const fixed = (value: number, digits = 2) =>
  Math.abs(value).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
const pct = (value: number) => `${sign(value)}${fixed(value)} %`;
const plainPct = (value: number) => `${value < 0 ? '−' : ''}${fixed(value)} %`;
const money = (value: number, quote: string) => `${value < 0 ? '−' : ''}${fixed(value)} ${quote}`;
const ratio = (value: number) => `${value < 0 ? '−' : ''}${fixed(value)}`;
const count = (value: number) => value.toLocaleString('en-US');

/** Every metric of BacktestMetrics, in reading order, with its unit. */
export const METRIC_ROWS: MetricRow[] = [
  { key: 'totalReturnPct', label: 'Total return', format: pct, better: 'higher', tone: true },
  {
    key: 'buyAndHoldReturnPct',
    label: 'Buy and hold',
    format: pct,
    note: 'bought at the first open, held to the last close',
    tone: true,
  },
  { key: 'startingEquity', label: 'Starting equity', format: money },
  { key: 'finalEquity', label: 'Final equity', format: money, better: 'higher' },
  {
    key: 'maxDrawdownPct',
    label: 'Max drawdown',
    format: plainPct,
    note: 'largest fall from a peak of equity',
    better: 'lower',
  },
  {
    key: 'sharpe',
    label: 'Sharpe ratio',
    format: ratio,
    note: 'daily, annualised by √365',
    none: 'fewer than two days',
    better: 'higher',
  },
  {
    key: 'sortino',
    label: 'Sortino ratio',
    format: ratio,
    note: 'daily, annualised by √365',
    none: 'fewer than two days or no losing day',
    better: 'higher',
  },
  {
    key: 'winRatePct',
    label: 'Win rate',
    format: plainPct,
    note: 'round trips that made money',
    none: 'no round trip',
    better: 'higher',
  },
  {
    key: 'profitFactor',
    label: 'Profit factor',
    format: ratio,
    note: 'gross profit / gross loss',
    none: 'no losing round trip',
    better: 'higher',
  },
  { key: 'trades', label: 'Round trips', format: count, note: 'a sell closing bought base' },
  { key: 'fills', label: 'Fills', format: count },
  {
    key: 'averageHoldingMs',
    label: 'Average holding time',
    format: (ms) => duration(ms),
    none: 'no round trip',
  },
  {
    key: 'exposurePct',
    label: 'Exposure',
    format: plainPct,
    note: 'share of the range holding base',
  },
  { key: 'feesPaid', label: 'Fees paid', format: money, better: 'lower' },
];

/** The row of one metric. */
export function metricRow(key: MetricKey): MetricRow {
  const row = METRIC_ROWS.find((r) => r.key === key);
  if (!row) throw new Error(`no metric row for ${key}`);
  return row;
}

/** gain / loss / '' for a metric whose sign matters (returns). */
export function metricTone(row: MetricRow, metrics: BacktestMetrics): string {
  const value = metrics[row.key];
  if (!row.tone || value === null || value === 0) return '';
  return value > 0 ? 'gain' : 'loss';
}

export function metricText(row: MetricRow, metrics: BacktestMetrics, quote: string): string {
  const value = metrics[row.key];
  if (value === null || value === undefined) return row.none ? `– (${row.none})` : '–';
  return row.format(value, quote);
}

/** The best of several runs for one metric (their indexes), to mark it in a comparison. */
export function bestOf(row: MetricRow, values: (number | null)[]): number[] {
  if (!row.better) return [];
  const present = values.filter((v): v is number => v !== null && v !== undefined);
  if (present.length < 2) return [];
  const best = row.better === 'higher' ? Math.max(...present) : Math.min(...present);
  if (present.every((v) => v === best)) return [];
  return values.flatMap((v, i) => (v === best ? [i] : []));
}

/** Bot timeframes from short to long: the chart's candle sizes. */
const CHART_TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'];
/** Candles the chart of a backtest's range shows at most (the range route serves 5,000). */
export const CHART_CANDLES_MAX = 3000;

/** The candle size of the range's chart: the bot's own, or the first longer one that fits. */
export function chartTimeframe(from: number, to: number, botTimeframe: string): string {
  const own = timeframeMs(botTimeframe);
  const fitting = CHART_TIMEFRAMES.filter((t) => timeframeMs(t) >= own).find(
    (t) => candlesSpanned(from, to, t) <= CHART_CANDLES_MAX,
  );
  return fitting ?? '1d';
}

export interface OverlaySeries {
  label: string;
  /** [time ms, equity] */
  points: [number, number][];
}

/**
 * Equity curves of runs over different ranges and balances on one chart: x is the time since
 * each run's start (hours), y its return in percent of its own start. uPlot wants one x array:
 * the union of every run's x, each series null where it has no point (gaps are spanned).
 */
export function overlayData(series: OverlaySeries[]): {
  x: number[];
  ys: (number | null)[][];
} {
  const maps = series.map((s) => {
    const start = s.points[0];
    const map = new Map<number, number>();
    if (!start) return map;
    for (const [time, equity] of s.points)
      map.set((time - start[0]) / 3_600_000, start[1] === 0 ? 0 : (equity / start[1] - 1) * 100);
    return map;
  });
  const x = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  return { x, ys: maps.map((m) => x.map((at) => m.get(at) ?? null)) };
}

/** "BTC/USDT 1m, 25 Nov 10:00 – 26 Nov 10:00": one run in a few words. */
export function rangeText(from: number, to: number): string {
  const format = (ms: number) =>
    new Date(ms).toLocaleString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  return `${format(from)} – ${format(to)}`;
}

export const runName = (b: Backtest) =>
  `${b.definition.strategy} ${b.definition.symbol} ${b.definition.timeframe}`;

/** Params as dotted pairs: { fastPeriod: 5, risk: { stakeQuote: 100 } } -> [['fastPeriod', '5'], ['risk.stakeQuote', '100']]. */
export function flatParams(params: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(params).flatMap(([key, value]): [string, string][] =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? flatParams(value as Record<string, unknown>, `${prefix}${key}.`)
      : [[`${prefix}${key}`, typeof value === 'string' ? value : JSON.stringify(value)]],
  );
}

/** flatParams with the strategy's own params first, its risk limits after. */
function orderedParams(params: Record<string, unknown>): [string, string][] {
  const pairs = flatParams(params);
  return [
    ...pairs.filter(([key]) => !key.includes('.')),
    ...pairs.filter(([key]) => key.includes('.')),
  ];
}

/** "fastPeriod 5 · slowPeriod 21": the strategy's own params (risk left out when `short`). */
export function paramsText(params: Record<string, unknown>, short = false): string {
  const pairs = flatParams(params);
  // the strategy's own params first, its risk limits after
  return [
    ...pairs.filter(([key]) => !key.includes('.')),
    ...pairs.filter(([key]) => key.includes('.')),
  ]
    .filter(([key]) => !short || !key.includes('.'))
    .map(([key, value]) => `${key} ${value}`)
    .join(' · ');
}

/** Per run, the params in which the runs differ ("fastPeriod 5"), so a comparison names them. */
export function paramDifferences(runs: { params: Record<string, unknown> }[]): string[] {
  const flat = runs.map((r) => new Map(orderedParams(r.params)));
  const keys = [...new Set(flat.flatMap((m) => [...m.keys()]))].filter(
    (key) => new Set(flat.map((m) => m.get(key) ?? '–')).size > 1,
  );
  return flat.map((m) => keys.map((key) => `${key} ${m.get(key) ?? '–'}`).join(' · '));
}
