// The person's backtests, newest first, a page at a time: progress moves live (the stream's
// backtest.progress; polled while one runs and the stream is down), cancel, delete, and a
// choice of finished runs to compare.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/endpoints';
import type { Backtest } from '../api/types';
import { useLiveState } from '../live/live-stream';
import { quoteOf } from '../ui/format';
import { Empty, ErrorNotice, Loading } from '../ui/notices';
import { TableWrap } from '../ui/table-wrap';
import { BacktestStatus, Progress } from './backtest-bits';
import {
  isFinished,
  metricRow,
  pollInterval,
  metricText,
  paramsText,
  rangeText,
} from './backtest-logic';

const totalReturn = metricRow('totalReturnPct');
const drawdown = metricRow('maxDrawdownPct');

export function BacktestsPage() {
  const live = useLiveState();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const pages = useInfiniteQuery({
    queryKey: ['backtests'],
    queryFn: ({ pageParam }) => api.backtests(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // while one runs: polled often without the live stream, seldom with it (an event may be lost)
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((b) => !isFinished(b)))
        ? pollInterval(live)
        : false,
  });
  const backtests = useMemo(
    () => pages.data?.pages.flatMap((page) => page.items) ?? [],
    [pages.data],
  );
  const [chosen, setChosen] = useState<string[]>([]);
  const done = () => void queries.invalidateQueries({ queryKey: ['backtests'] });
  const cancel = useMutation({ mutationFn: api.cancelBacktest, onSettled: done });
  const remove = useMutation({
    mutationFn: api.deleteBacktest,
    onSuccess: (_, id) => setChosen((c) => c.filter((x) => x !== id)),
    onSettled: done,
  });
  const toggle = (id: string, on: boolean) =>
    setChosen((c) => (on ? [...c, id] : c.filter((x) => x !== id)));

  return (
    <section className="page">
      <div className="page-head">
        <h1>Backtests</h1>
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={chosen.length < 2}
            onClick={() => navigate(`/backtests/compare?ids=${chosen.join(',')}`)}
          >
            Compare selected ({chosen.length})
          </button>
          <Link className="button" to="/bots/new">
            New backtest from the bot form
          </Link>
        </div>
      </div>
      <p className="muted">
        Run one from a bot’s form (“Backtest”). Choose two or more finished runs to compare them.
      </p>
      <ErrorNotice error={cancel.error ?? remove.error} />
      {pages.isPending ? (
        <Loading what="backtests" />
      ) : pages.isError ? (
        <ErrorNotice error={pages.error} />
      ) : backtests.length === 0 ? (
        <Empty>No backtests yet. Open a bot’s form and press “Run backtest”.</Empty>
      ) : (
        <TableWrap label="Backtests">
          <table className="backtest-table" data-testid="backtests">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">Compare</span>
                </th>
                <th scope="col">Strategy</th>
                <th scope="col">Symbol</th>
                <th scope="col">Timeframe</th>
                <th scope="col">Params</th>
                <th scope="col">Range</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col" className="num">
                  Total return
                </th>
                <th scope="col" className="num">
                  Max drawdown
                </th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {backtests.map((b) => (
                <Row
                  key={b.id}
                  backtest={b}
                  chosen={chosen.includes(b.id)}
                  onChoose={(on) => toggle(b.id, on)}
                  onCancel={() => cancel.mutate(b.id)}
                  onDelete={() => {
                    if (window.confirm('Delete this backtest and its result?')) remove.mutate(b.id);
                  }}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {pages.hasNextPage && (
        <div className="form-actions">
          <button
            type="button"
            onClick={() => void pages.fetchNextPage()}
            disabled={pages.isFetchingNextPage}
          >
            Show older backtests
          </button>
        </div>
      )}
    </section>
  );
}

function Row({
  backtest: b,
  chosen,
  onChoose,
  onCancel,
  onDelete,
}: {
  backtest: Backtest;
  chosen: boolean;
  onChoose: (on: boolean) => void;
  onCancel: () => void;
  onDelete: () => void;
}) {
  const d = b.definition;
  const quote = quoteOf(d.symbol);
  const name = `${d.strategy} ${d.symbol} ${d.timeframe}, ${rangeText(d.from, d.to)}`;
  return (
    <tr data-testid="backtest-row">
      <td>
        <input
          type="checkbox"
          aria-label={`Compare ${name}`}
          checked={chosen}
          disabled={b.status !== 'succeeded'}
          onChange={(e) => onChoose(e.target.checked)}
        />
      </td>
      <td>
        <Link to={`/backtests/${b.id}`} aria-label={`Open ${name}`}>
          {d.strategy}
        </Link>
        {b.sweepId && <span className="tag">sweep</span>}
      </td>
      <td>{d.symbol}</td>
      <td>{d.timeframe}</td>
      <td className="params-cell">{paramsText(d.params, true)}</td>
      <td>{rangeText(d.from, d.to)}</td>
      <td>
        <BacktestStatus status={b.status} />
      </td>
      <td>
        <Progress backtest={b} />
      </td>
      <td className="num">
        {b.metrics ? (
          <span className={b.metrics.totalReturnPct >= 0 ? 'gain' : 'loss'}>
            {metricText(totalReturn, b.metrics, quote)}
          </span>
        ) : (
          '–'
        )}
      </td>
      <td className="num">{b.metrics ? metricText(drawdown, b.metrics, quote) : '–'}</td>
      <td className="row-actions">
        {!isFinished(b) && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="button" className="danger" onClick={onDelete}>
          Delete
        </button>
      </td>
    </tr>
  );
}
