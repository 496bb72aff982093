import { describe, expect, it } from 'vitest';
import type { BacktestMetrics } from '../api/types';
import {
  bestOf,
  chartTimeframe,
  fromLocalInput,
  METRIC_ROWS,
  metricRow,
  metricText,
  overlayData,
  paramDifferences,
  paramsText,
  presetRange,
  toLocalInput,
} from './backtest-logic';

const DAY = 86_400_000;
const metrics: BacktestMetrics = {
  startingEquity: 10000,
  finalEquity: 10250.5,
  totalReturnPct: 2.505,
  maxDrawdownPct: 1.2,
  sharpe: 1.234,
  sortino: null,
  winRatePct: 60,
  profitFactor: null,
  trades: 5,
  fills: 10,
  averageHoldingMs: 5_400_000,
  exposurePct: 40,
  feesPaid: 12.3456,
  buyAndHoldReturnPct: -3,
};

describe('backtest metrics in words', () => {
  it('lists every metric of BacktestMetrics once, with its unit', () => {
    expect(METRIC_ROWS.map((r) => r.key).sort()).toEqual(Object.keys(metrics).sort());
    const text = Object.fromEntries(
      METRIC_ROWS.map((r) => [r.key, metricText(r, metrics, 'USDT')]),
    );
    expect(text).toMatchObject({
      totalReturnPct: '+2.51 %',
      buyAndHoldReturnPct: '−3.00 %',
      finalEquity: '10,250.50 USDT',
      maxDrawdownPct: '1.20 %',
      sharpe: '1.23',
      sortino: '– (fewer than two days or no losing day)',
      profitFactor: '– (no losing round trip)',
      averageHoldingMs: '1 h 30 min',
      feesPaid: '12.35 USDT',
      trades: '5',
    });
  });

  it('says how Sharpe and Sortino are annualised', () => {
    expect(metricRow('sharpe').note).toBe('daily, annualised by √365');
    expect(metricRow('sortino').note).toBe('daily, annualised by √365');
  });

  it('marks the best run per metric, in the metric’s better direction', () => {
    expect(bestOf(metricRow('totalReturnPct'), [1, 3, 2])).toEqual([1]);
    expect(bestOf(metricRow('maxDrawdownPct'), [5, 3, 3])).toEqual([1, 2]);
    // a tie everywhere or a single value marks nothing; nor does a metric without a direction
    expect(bestOf(metricRow('sharpe'), [1, 1])).toEqual([]);
    expect(bestOf(metricRow('sharpe'), [null, 2])).toEqual([]);
    expect(bestOf(metricRow('fills'), [1, 2])).toEqual([]);
  });
});

describe('backtest ranges and charts', () => {
  it('presets end at the last whole minute', () => {
    const now = Date.UTC(2026, 10, 26, 12, 30, 45);
    expect(presetRange(7, now)).toEqual({
      from: Date.UTC(2026, 10, 19, 12, 30),
      to: Date.UTC(2026, 10, 26, 12, 30),
    });
  });

  it('reads back what a datetime-local input shows', () => {
    const at = Date.UTC(2026, 0, 31, 8, 5);
    expect(fromLocalInput(toLocalInput(at))).toBe(at);
    expect(fromLocalInput('nonsense')).toBe('nonsense');
  });

  it('draws the bot’s own candles when they fit, else the first longer size that does', () => {
    expect(chartTimeframe(0, 2 * DAY, '1m')).toBe('1m'); // 2,880 candles
    expect(chartTimeframe(0, 7 * DAY, '1m')).toBe('5m'); // 2,016
    expect(chartTimeframe(0, 90 * DAY, '1m')).toBe('1h'); // 2,160
    expect(chartTimeframe(0, 2 * DAY, '1h')).toBe('1h');
  });

  it('overlays runs of different ranges and balances as returns since each start', () => {
    const hour = 3_600_000;
    const { x, ys } = overlayData([
      {
        label: 'a',
        points: [
          [1000 * hour, 100],
          [1001 * hour, 110],
          [1002 * hour, 90],
        ],
      },
      {
        label: 'b',
        points: [
          [5 * hour, 5000],
          [5.5 * hour, 5050],
        ],
      },
    ]);
    expect(x).toEqual([0, 0.5, 1, 2]);
    const rounded = (ys: (number | null)[]) => ys.map((v) => (v === null ? null : Math.round(v)));
    expect(rounded(ys[0])).toEqual([0, null, 10, -10]);
    expect(rounded(ys[1])).toEqual([0, 1, null, null]);
  });
});

describe('backtest params in words', () => {
  it('names the params that tell runs apart', () => {
    const a = { risk: { stakeQuote: 100 }, fastPeriod: 5, slowPeriod: 21 };
    const b = { fastPeriod: 12, slowPeriod: 21, risk: { stakeQuote: 50 } };
    expect(paramDifferences([{ params: a }, { params: b }])).toEqual([
      'fastPeriod 5 · risk.stakeQuote 100',
      'fastPeriod 12 · risk.stakeQuote 50',
    ]);
    expect(paramsText(a, true)).toBe('fastPeriod 5 · slowPeriod 21');
    expect(paramsText(a)).toBe('fastPeriod 5 · slowPeriod 21 · risk.stakeQuote 100');
  });
});
