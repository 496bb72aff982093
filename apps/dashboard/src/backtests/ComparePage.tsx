// Finished backtests side by side: every metric in one table (the best of each marked) and
// their equity curves overlaid as returns over the time since each started, so runs over
// different ranges or balances still compare.
import { useQueries } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/endpoints';
import type { BacktestDetail } from '../api/types';
import { quoteOf } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';
import { TableWrap } from '../ui/table-wrap';
import { LINE_COLOURS } from '../ui/line-colours';
import {
  bestOf,
  METRIC_ROWS,
  metricText,
  overlayData,
  paramDifferences,
  rangeText,
} from './backtest-logic';

const LineChart = lazy(() => import('../ui/LineChart'));

export default function ComparePage() {
  const [search] = useSearchParams();
  const ids = (search.get('ids') ?? '').split(',').filter(Boolean).slice(0, 6);
  const runs = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['backtest', id],
      queryFn: () => api.backtest(id),
      staleTime: Infinity,
    })),
  });
  const failed = runs.find((r) => r.isError);
  const loaded = runs.every((r) => r.data);
  if (ids.length < 2)
    return (
      <section className="page">
        <h1>Compare backtests</h1>
        <p>
          Choose two or more finished backtests on the <Link to="/backtests">backtests page</Link>.
        </p>
      </section>
    );
  return (
    <section className="page">
      <div className="page-head">
        <h1>Compare backtests</h1>
        <Link className="button" to="/backtests">
          All backtests
        </Link>
      </div>
      {failed ? (
        <ErrorNotice error={failed.error} />
      ) : !loaded ? (
        <Loading what="the backtests" />
      ) : (
        <Comparison runs={runs.map((r) => r.data as BacktestDetail)} />
      )}
    </section>
  );
}

const nameOf = (b: BacktestDetail, i: number) =>
  `#${i + 1} ${b.definition.strategy} ${b.definition.symbol} ${b.definition.timeframe}`;

function Comparison({ runs }: { runs: BacktestDetail[] }) {
  const overlay = useMemo(
    () =>
      overlayData(
        runs.map((b, i) => ({
          label: nameOf(b, i),
          points: ((b.result?.equity as [number, number][] | undefined) ?? []).slice(),
        })),
      ),
    [runs],
  );
  const lines = useMemo(
    () => runs.map((b, i) => ({ label: `${nameOf(b, i)} return %`, values: overlay.ys[i] })),
    [runs, overlay],
  );
  const unfinished = runs.filter((b) => !b.metrics);
  const differences = paramDifferences(runs.map((b) => b.definition));
  return (
    <>
      {unfinished.length > 0 && (
        <p className="notice notice-warn">
          {unfinished.length} of these backtests has not finished successfully: it has no metrics.
        </p>
      )}
      <TableWrap label="Metrics side by side">
        <table className="compare" data-testid="compare">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              {runs.map((b, i) => (
                <th key={b.id} scope="col" className="num">
                  <span className="swatch" style={{ background: LINE_COLOURS[i % 6] }} />
                  <Link to={`/backtests/${b.id}`}>{nameOf(b, i)}</Link>
                  <small className="muted metric-note">
                    {rangeText(b.definition.from, b.definition.to)}
                  </small>
                  {differences[i] && <small className="metric-note">{differences[i]}</small>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {METRIC_ROWS.map((row) => {
              const values = runs.map((b) => (b.metrics ? b.metrics[row.key] : null));
              const best = bestOf(row, values);
              return (
                <tr key={row.key}>
                  <th scope="row">
                    {row.label}
                    {row.note && <small className="muted metric-note">{row.note}</small>}
                  </th>
                  {runs.map((b, i) => (
                    <td key={b.id} className={`num${best.includes(i) ? ' best' : ''}`}>
                      {b.metrics ? metricText(row, b.metrics, quoteOf(b.definition.symbol)) : '–'}
                      {best.includes(i) && <span className="sr-only"> (best)</span>}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <h2>Equity curves, as return since each start</h2>
      <div className="card">
        <Suspense fallback={<Loading what="the chart" />}>
          <LineChart
            x={overlay.x}
            lines={lines}
            xAxis="hours"
            label={`Returns of ${runs.length} backtests over the hours since each started`}
            height={320}
            testId="compare-chart"
          />
        </Suspense>
      </div>
    </>
  );
}
