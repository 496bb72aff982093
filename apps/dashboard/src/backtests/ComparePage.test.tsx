import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, renderAt } from '../test-support';
import ComparePage from './ComparePage';

// the chart itself is uPlot on a canvas (the browser test looks at it): here, its inputs
vi.mock('../ui/LineChart', () => ({
  default: ({ lines, x }: { lines: { label: string }[]; x: number[] }) => (
    <p>
      chart: {lines.map((l) => l.label).join(' | ')} over {x.length} points
    </p>
  ),
}));

const HOUR = 3_600_000;
const run = (id: string, fastPeriod: number, totalReturnPct: number, maxDrawdownPct: number) => ({
  id,
  sweepId: null,
  status: 'succeeded',
  progress: 1,
  definition: {
    exchangeId: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1m',
    strategy: 'sma-cross',
    params: { fastPeriod, slowPeriod: 21 },
    from: 0,
    to: 24 * HOUR,
    startingBalance: 10000,
    slippagePct: 0.05,
  },
  metrics: {
    startingEquity: 10000,
    finalEquity: 10000 * (1 + totalReturnPct / 100),
    totalReturnPct,
    maxDrawdownPct,
    sharpe: 1,
    sortino: null,
    winRatePct: 50,
    profitFactor: 1.5,
    trades: 3,
    fills: 6,
    averageHoldingMs: HOUR,
    exposurePct: 30,
    feesPaid: 1,
    buyAndHoldReturnPct: 2,
  },
  error: null,
  workerId: 'w',
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  result: {
    equity: [
      [0, 10000],
      [HOUR, 10000 * (1 + totalReturnPct / 100)],
    ],
  },
});

afterEach(() => vi.unstubAllGlobals());

describe('ComparePage', () => {
  it('puts the runs’ metrics side by side, marks the best, names what tells them apart', async () => {
    const calls = fakeFetch(
      { status: 200, body: run('a', 5, 3, 4) },
      { status: 200, body: run('b', 12, -1, 2) },
    );
    renderAt('/backtests/compare?ids=a,b', [
      { path: '/backtests/compare', element: <ComparePage /> },
    ]);
    const table = await screen.findByRole('table');
    expect(calls.map((c) => c.url)).toEqual(['/backtests/a', '/backtests/b']);
    expect(within(table).getByText('fastPeriod 5')).toBeTruthy();
    expect(within(table).getByText('fastPeriod 12')).toBeTruthy();
    const returns = within(table).getByRole('row', { name: /Total return/ });
    expect(within(returns).getByText('+3.00 %').closest('td')?.className).toContain('best');
    expect(within(returns).getByText('−1.00 %').closest('td')?.className).not.toContain('best');
    // a smaller drawdown is the better one
    const drawdown = within(table).getByRole('row', { name: /Max drawdown/ });
    expect(within(drawdown).getByText('2.00 %').closest('td')?.className).toContain('best');
    expect(
      await screen.findByText(
        /chart: #1 sma-cross BTC\/USDT 1m return % \| #2 sma-cross BTC\/USDT 1m return % over 2 points/,
      ),
    ).toBeTruthy();
  });
});
