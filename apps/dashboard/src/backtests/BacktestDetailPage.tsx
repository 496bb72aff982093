// One backtest: its progress while it runs; once finished its metrics (with units), the equity
// curve, the candles of its range with its trades marked, the trades, and a bot made from it.
import type { BacktestResult } from '@platform/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/api-error';
import { api } from '../api/endpoints';
import type { BacktestDetail, BacktestMetrics } from '../api/types';
import { CandleChart, type FillMarker, type PriceLevel } from '../bots/CandleChart';
import { useLiveState } from '../live/live-stream';
import { TextField } from '../ui/fields';
import { dateTime, decimal, quoteOf } from '../ui/format';
import { Empty, ErrorNotice, Loading } from '../ui/notices';
import { TableWrap } from '../ui/table-wrap';
import { BacktestStatus, Progress } from './backtest-bits';
import {
  chartTimeframe,
  isFinished,
  pollInterval,
  METRIC_ROWS,
  metricText,
  metricTone,
  paramsText,
  rangeText,
} from './backtest-logic';
import { SweepPanel } from './SweepPanel';

const LineChart = lazy(() => import('../ui/LineChart'));
const NO_LEVELS: PriceLevel[] = [];
/** Trades listed at most (the chart marks them all). */
const TRADES_SHOWN = 500;

export default function BacktestDetailPage() {
  const { id = '' } = useParams();
  const live = useLiveState();
  const [deleting, setDeleting] = useState(false);
  const backtest = useQuery({
    queryKey: ['backtest', id],
    queryFn: () => api.backtest(id),
    enabled: !deleting,
    refetchInterval: (query) =>
      query.state.data && !isFinished(query.state.data) ? pollInterval(live) : false,
  });
  if (backtest.isPending) return <Loading what="the backtest" />;
  if (backtest.isError) return <ErrorNotice error={backtest.error} />;
  return <Detail backtest={backtest.data} setDeleting={setDeleting} />;
}

function Detail({
  backtest: b,
  setDeleting,
}: {
  backtest: BacktestDetail;
  setDeleting: (on: boolean) => void;
}) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const d = b.definition;
  const quote = quoteOf(d.symbol);
  const result = b.result as unknown as BacktestResult | null;
  const cancel = useMutation({
    mutationFn: () => api.cancelBacktest(b.id),
    onSettled: () => queries.invalidateQueries({ queryKey: ['backtest', b.id] }),
  });
  const remove = useMutation({
    mutationFn: () => api.deleteBacktest(b.id),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['backtests'] });
      navigate('/backtests');
    },
    onError: () => setDeleting(false),
  });
  const onDelete = () => {
    if (!window.confirm('Delete this backtest and its result?')) return;
    setDeleting(true);
    remove.mutate();
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>
          Backtest: {d.strategy} {d.symbol} {d.timeframe} <BacktestStatus status={b.status} />
        </h1>
        <div className="actions">
          {!isFinished(b) && (
            <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
              Cancel
            </button>
          )}
          <Link className="button" to="/backtests">
            All backtests
          </Link>
          <button type="button" className="danger" onClick={onDelete}>
            Delete
          </button>
        </div>
      </div>
      <ErrorNotice error={cancel.error ?? remove.error} />
      <p className="muted">
        {d.exchangeId} · {rangeText(d.from, d.to)} · starting with{' '}
        {decimal(String(d.startingBalance))} {quote} · slippage {d.slippagePct} %
        <br />
        {paramsText(d.params)}
      </p>
      {!isFinished(b) && (
        <div className="card">
          <p>{b.status === 'queued' ? 'Waiting for a bot-worker…' : `Running on ${b.workerId}…`}</p>
          <Progress backtest={b} />
        </div>
      )}
      {b.status === 'failed' && (
        <p className="notice notice-error" role="alert">
          The backtest failed: {b.error}
        </p>
      )}
      {b.status === 'cancelled' && <p className="notice notice-warn">Cancelled.</p>}
      {b.status === 'succeeded' && b.metrics && result && (
        <Finished backtest={b} metrics={b.metrics} result={result} quote={quote} />
      )}
    </section>
  );
}

function Finished({
  backtest: b,
  metrics,
  result,
  quote,
}: {
  backtest: BacktestDetail;
  metrics: BacktestMetrics;
  result: BacktestResult;
  quote: string;
}) {
  const d = b.definition;
  const equityX = useMemo(() => result.equity.map(([t]) => t / 1000), [result.equity]);
  const equityLines = useMemo(
    () => [{ label: `Equity (${quote})`, values: result.equity.map(([, v]) => v) }],
    [result.equity, quote],
  );
  const timeframe = chartTimeframe(d.from, d.to, d.timeframe);
  const candles = useQuery({
    queryKey: ['candles', d.exchangeId, d.symbol, timeframe, d.from, d.to],
    queryFn: () => api.candleRange(d.exchangeId, d.symbol, timeframe, d.from, d.to),
    staleTime: Infinity,
  });
  const fills = useMemo<FillMarker[]>(
    () => result.trades.map((t) => ({ time: t.time, side: t.side, price: Number(t.price) })),
    [result.trades],
  );

  return (
    <>
      <div className="detail-grid">
        <div className="card">
          <h2>Metrics</h2>
          <table className="metrics" data-testid="metrics">
            <tbody>
              {METRIC_ROWS.map((row) => (
                <tr key={row.key}>
                  <th scope="row">
                    {row.label}
                    {row.note && <small className="muted metric-note">{row.note}</small>}
                  </th>
                  <td className={`num ${metricTone(row, metrics)}`}>
                    {metricText(row, metrics, quote)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            {result.candles.toLocaleString('en-US')} one-minute candles ·{' '}
            {Object.entries(result.finalBalances)
              .map(([asset, amount]) => `${decimal(amount, 6)} ${asset}`)
              .join(', ')}{' '}
            at the end
          </p>
        </div>
        <div className="card">
          <h2>Equity</h2>
          <Suspense fallback={<Loading what="the chart" />}>
            <LineChart
              x={equityX}
              lines={equityLines}
              xAxis="time"
              label={`Equity of the backtest over its range, in ${quote}`}
              height={300}
              testId="equity-chart"
            />
          </Suspense>
          <CreateBot backtest={b} />
        </div>
      </div>
      <h2>
        Price and trades <small className="muted">{timeframe} candles</small>
      </h2>
      <div className="card" data-testid="trade-chart">
        {candles.isError ? (
          <ErrorNotice error={candles.error} />
        ) : candles.data ? (
          <CandleChart
            candles={candles.data.candles}
            fills={fills}
            levels={NO_LEVELS}
            whole
            label={`${d.symbol} ${timeframe} candles of the range with the backtest’s ${fills.length} fills`}
          />
        ) : (
          <Loading what="candles" />
        )}
      </div>
      <h2>Trades</h2>
      {result.trades.length === 0 ? (
        <Empty>No trades: the strategy never signalled in this range.</Empty>
      ) : (
        <>
          <TableWrap label="Trades" tall>
            <table data-testid="trades">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Side</th>
                  <th scope="col" className="num">
                    Price
                  </th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Fee
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.trades.slice(0, TRADES_SHOWN).map((t, i) => (
                  <tr key={`${t.clientOrderId}-${i}`}>
                    <td>{dateTime(new Date(t.time).toISOString())}</td>
                    <td className={t.side}>{t.side}</td>
                    <td className="num">{decimal(t.price)}</td>
                    <td className="num">{decimal(t.amount, 6)}</td>
                    <td className="num">
                      {decimal(t.fee, 6)} {t.feeCurrency}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {result.trades.length > TRADES_SHOWN && (
            <p className="muted">
              The first {TRADES_SHOWN} of {result.trades.length} trades (all are on the chart).
            </p>
          )}
        </>
      )}
      {b.sweepId === null && <SweepPanel backtest={b} />}
    </>
  );
}

function CreateBot({ backtest: b }: { backtest: BacktestDetail }) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const d = b.definition;
  const [name, setName] = useState(`${d.strategy} ${d.symbol} from backtest`.slice(0, 100));
  const create = useMutation({
    mutationFn: () => api.botFromBacktest(b.id, { name }),
    onSuccess: (bot) => {
      void queries.invalidateQueries({ queryKey: ['bots'] });
      void queries.invalidateQueries({ queryKey: ['portfolio'] });
      navigate(`/bots/${bot.id}`);
    },
  });
  return (
    <form
      className="create-bot"
      aria-label="Create bot from this backtest"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <TextField
        label="Bot name"
        value={name}
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
        error={create.error instanceof ApiError ? create.error.fieldMessage('name') : undefined}
        hint="a stopped paper bot with this backtest’s market, strategy and params"
      />
      <ErrorNotice error={create.error} />
      <button type="submit" className="primary" disabled={create.isPending}>
        Create bot from this backtest
      </button>
    </form>
  );
}
