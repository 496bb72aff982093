// A parameter sweep from a finished backtest: a list of values per numeric parameter (the grid),
// run as one backtest per combination over every worker that serves backtests, ranked by a metric.
import { BacktestRankMetrics, type BacktestRankMetric } from '@platform/contracts';
import { CreateSweepBody, gridSize } from '@platform/api-schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/endpoints';
import type { BacktestDetail, Sweep } from '../api/types';
import { useLiveState } from '../live/live-stream';
import { SelectField, TextField } from '../ui/fields';
import { quoteOf } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';
import { TableWrap } from '../ui/table-wrap';
import { useFieldErrors } from '../ui/validate';
import { BacktestStatus } from './backtest-bits';
import { METRIC_ROWS, metricRow, metricText } from './backtest-logic';

/** The numeric parameters a grid can vary (`risk.stakeQuote` reaches into risk). */
export function sweepableParams(params: Record<string, unknown>): [string, number][] {
  const own = Object.entries(params).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number',
  );
  const risk = params.risk && typeof params.risk === 'object' ? params.risk : {};
  const limits = Object.entries(risk)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([key, value]): [string, number] => [`risk.${key}`, value]);
  // the strategy's own parameters first: what a sweep is usually about
  return [...own, ...limits];
}

/** "5, 7, 9" -> [5, 7, 9]; an empty text is no grid entry; what is not a number stays text. */
export function gridFrom(texts: Record<string, string>): Record<string, (number | string)[]> {
  const grid: Record<string, (number | string)[]> = {};
  for (const [key, text] of Object.entries(texts)) {
    const values = text
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((v) => (Number.isFinite(Number(v)) ? Number(v) : v));
    if (values.length > 1) grid[key] = values;
  }
  return grid;
}

const rankLabel = (metric: BacktestRankMetric) =>
  METRIC_ROWS.find((r) => r.key === metric)?.label ?? metric;

export function SweepPanel({ backtest }: { backtest: BacktestDetail }) {
  const d = backtest.definition;
  const numeric = sweepableParams(d.params).filter(([key]) => !key.startsWith('risk.paper'));
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(numeric.map(([key, value]) => [key, String(value)])),
  );
  const [rankBy, setRankBy] = useState<BacktestRankMetric>('totalReturnPct');
  const [sweepId, setSweepId] = useState<string | null>(null);
  const checker = useFieldErrors();
  const start = useMutation({
    mutationFn: api.createSweep,
    onSuccess: (sweep) => setSweepId(sweep.id),
    onError: checker.fromServer,
  });
  const grid = gridFrom(texts);
  const combinations = Object.keys(grid).length ? gridSize(grid) : 0;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = { ...d, grid, rankBy };
    if (checker.check(CreateSweepBody, body)) start.mutate(body);
  };
  const gridError = Object.entries(checker.errors).find(([k]) => k.startsWith('grid'));

  return (
    <>
      <h2>Parameter sweep</h2>
      <form className="card form-grid" onSubmit={onSubmit} noValidate aria-label="Sweep">
        <p className="muted">
          List several values for the parameters to vary (comma-separated): one backtest per
          combination over the same range, spread over every worker, ranked by a metric.
        </p>
        <div className="sweep-fields">
          {numeric.map(([key]) => (
            <TextField
              key={key}
              label={`Values of ${key}`}
              value={texts[key] ?? ''}
              onChange={(e) => setTexts((t) => ({ ...t, [key]: e.target.value }))}
              error={checker.errors[`grid.${key}`] ?? checker.errors[`params.${key}`]}
            />
          ))}
          <SelectField
            label="Rank by"
            value={rankBy}
            onChange={(e) => setRankBy(e.target.value as BacktestRankMetric)}
            options={BacktestRankMetrics.map((m) => ({ value: m, label: rankLabel(m) }))}
          />
        </div>
        {gridError && <p className="field-error">{gridError[1]}</p>}
        <ErrorNotice error={start.error} fieldsShown={checker.any} />
        <div className="form-actions">
          <button type="submit" disabled={start.isPending || combinations < 2}>
            Run sweep ({combinations} combinations)
          </button>
        </div>
      </form>
      {sweepId && <SweepRanking id={sweepId} quote={quoteOf(d.symbol)} />}
    </>
  );
}

function SweepRanking({ id, quote }: { id: string; quote: string }) {
  const live = useLiveState();
  const sweep = useQuery({
    queryKey: ['sweep', id],
    queryFn: () => api.sweep(id),
    // progress events reload it; polled as well while it runs (one event per combination end)
    refetchInterval: (query) => (query.state.data?.done ? false : live === 'open' ? 3000 : 1500),
  });
  if (sweep.isPending) return <Loading what="the sweep" />;
  if (sweep.isError) return <ErrorNotice error={sweep.error} />;
  return <Ranking sweep={sweep.data} quote={quote} />;
}

function CancelSweep({ id }: { id: string }) {
  const queries = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => api.cancelSweep(id),
    onSuccess: (sweep) => queries.setQueryData(['sweep', id], sweep),
  });
  return (
    <>
      <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
        Cancel sweep
      </button>
      <ErrorNotice error={cancel.error} />
    </>
  );
}

const SHOWN = ['totalReturnPct', 'maxDrawdownPct', 'sharpe', 'winRatePct', 'trades'] as const;

function Ranking({ sweep, quote }: { sweep: Sweep; quote: string }) {
  const c = sweep.counts;
  const finished = c.succeeded + c.failed + c.cancelled;
  return (
    <div className="card" data-testid="sweep">
      <h3>
        Ranked by {rankLabel(sweep.rankBy)}: {finished} of {sweep.combinations} done
        {c.failed > 0 && `, ${c.failed} failed`}
      </h3>
      <meter min={0} max={sweep.combinations} value={finished} aria-label="Sweep progress" />
      {!sweep.done && <CancelSweep id={sweep.id} />}
      <TableWrap label="Sweep ranking">
        <table>
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Combination</th>
              <th scope="col">Status</th>
              {SHOWN.map((key) => (
                <th key={key} scope="col" className="num">
                  {rankLabel(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sweep.ranking.map((run) => (
              <tr key={run.id}>
                <td>{run.status === 'succeeded' ? run.rank : '–'}</td>
                <td>
                  <Link to={`/backtests/${run.id}`}>
                    {Object.entries(run.combination)
                      .map(([k, v]) => `${k} ${String(v)}`)
                      .join(', ')}
                  </Link>
                </td>
                <td>
                  <BacktestStatus status={run.status} />
                </td>
                {SHOWN.map((key) => {
                  const row = metricRow(key);
                  return (
                    <td key={key} className="num">
                      {run.metrics ? metricText(row, run.metrics, quote) : '–'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}
