import { gridLevels } from '@platform/strategies';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../api/endpoints';
import type { Bot, BotEvent, Order } from '../api/types';
import {
  ago,
  baseOf,
  dateTime,
  decimal,
  duration,
  isStale,
  profitTone,
  quoteOf,
  signedMoney,
} from '../ui/format';
import { Empty, ErrorNotice, Loading } from '../ui/notices';
import { StatusBadge } from '../ui/status-badge';
import { TableWrap } from '../ui/table-wrap';
import { useBotActions } from './bot-actions';
import { CandleChart, type FillMarker, type PriceLevel } from './CandleChart';
import { placementTimeline } from './placement-timeline';

// uPlot loads with the first equity line, not with the app
const EquityChart = lazy(() => import('../ui/EquityChart'));

/** How many candles the chart may show: the range route serves up to 5,000. */
const CANDLE_COUNTS = [200, 1000, 5000];

export default function BotDetailPage() {
  const { id = '' } = useParams();
  // While it is being deleted, its views ask no more (a live event would refetch them: 404s).
  const [deleting, setDeleting] = useState(false);
  const bot = useQuery({ queryKey: ['bot', id], queryFn: () => api.bot(id), enabled: !deleting });
  if (bot.isPending) return <Loading what="the bot" />;
  if (bot.isError) return <ErrorNotice error={bot.error} />;
  return <BotDetail bot={bot.data} deleting={deleting} setDeleting={setDeleting} />;
}

function BotDetail({
  bot,
  deleting,
  setDeleting,
}: {
  bot: Bot;
  deleting: boolean;
  setDeleting: (on: boolean) => void;
}) {
  const id = bot.id;
  const navigate = useNavigate();
  const actions = useBotActions();
  const enabled = !deleting;
  const status = useQuery({
    queryKey: ['bot', id, 'status'],
    queryFn: () => api.botStatus(id),
    refetchInterval: 10_000,
    enabled,
  });
  const orders = useQuery({
    queryKey: ['bot', id, 'orders'],
    queryFn: () => api.botOrders(id),
    enabled,
  });
  const trades = useQuery({
    queryKey: ['bot', id, 'trades'],
    queryFn: () => api.botTrades(id),
    enabled,
  });
  const events = useQuery({
    queryKey: ['bot', id, 'events'],
    queryFn: () => api.botEvents(id),
    enabled,
  });
  const placements = useQuery({
    queryKey: ['bot', id, 'events', 'placements'],
    queryFn: () => api.botPlacements(id),
    enabled,
  });
  const [search, setSearch] = useSearchParams();
  const candleCount = CANDLE_COUNTS.includes(Number(search.get('candles')))
    ? Number(search.get('candles'))
    : 1000;
  const candles = useQuery({
    queryKey: ['candles', bot.exchangeId, bot.symbol, bot.timeframe, candleCount],
    queryFn: () => api.candles(bot.exchangeId, bot.symbol, bot.timeframe, candleCount),
    refetchInterval: 15_000,
    enabled,
  });
  const quote = quoteOf(bot.symbol);
  const state = status.data?.actualState ?? bot.status.actual;
  const wanted = bot.desiredState === 'running';

  const fills = useMemo<FillMarker[]>(
    () =>
      (trades.data?.items ?? []).map((t) => ({
        time: Date.parse(t.executedAt),
        side: t.side,
        price: Number(t.price),
      })),
    [trades.data],
  );
  const levels = useMemo<PriceLevel[]>(() => {
    const lines: PriceLevel[] = (orders.data?.items ?? [])
      .filter((o) => (o.status === 'open' || o.status === 'partially_filled') && o.price)
      .map((o) => ({
        price: Number(o.price),
        title: `${o.side} ${decimal(o.amount, 6)}`,
        kind: o.side,
      }));
    const entry = status.data?.position.averageEntry;
    if (entry) lines.push({ price: Number(entry), title: 'average entry', kind: 'entry' });
    if (bot.strategy === 'grid') {
      // the grid's levels, computed by the very code the worker runs
      const { lowerPrice, upperPrice, levels } = bot.params as {
        lowerPrice: number;
        upperPrice: number;
        levels: number;
      };
      for (const price of gridLevels(lowerPrice, upperPrice, levels))
        lines.push({ price, title: '', kind: 'grid' });
    }
    const risk = bot.params.risk as { stopLossPct?: number } | undefined;
    if (entry && risk?.stopLossPct)
      lines.push({
        price: Number(entry) * (1 - risk.stopLossPct / 100),
        title: 'stop loss',
        kind: 'stop',
      });
    return lines;
  }, [orders.data, status.data, bot.params]);

  const liquidate = () => {
    if (window.confirm(`Sell all of ${bot.name}'s position at the market and stop it?`))
      actions.liquidate.mutate(id);
  };
  const accepted = actions.liquidate.data ?? actions.cancelOrders.data;
  const equity = useQuery({
    queryKey: ['bot', id, 'equity'],
    queryFn: () => api.botEquity(id),
    refetchInterval: 60_000,
    enabled,
  });

  const remove = () => {
    if (!window.confirm(`Delete ${bot.name}? It stops; its history is kept.`)) return;
    setDeleting(true);
    actions.remove.mutate(id, {
      onSuccess: () => navigate('/bots'),
      onError: () => setDeleting(false),
    });
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>
          {bot.name} <StatusBadge state={state} />
        </h1>
        <div className="actions">
          {wanted ? (
            <button
              type="button"
              onClick={() => actions.stop.mutate(id)}
              disabled={actions.stop.isPending}
            >
              Stop
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() => actions.start.mutate(id)}
              disabled={actions.start.isPending}
            >
              Start
            </button>
          )}
          <Link className="button" to={`/bots/${id}/edit`}>
            Edit
          </Link>
          <Link className="button" to={`/bots/new?from=${id}`}>
            Clone
          </Link>
          <button
            type="button"
            onClick={() => actions.cancelOrders.mutate(id)}
            disabled={actions.cancelOrders.isPending}
          >
            Cancel open orders
          </button>
          <button
            type="button"
            className="danger"
            onClick={liquidate}
            disabled={actions.liquidate.isPending}
          >
            Sell all and stop
          </button>
          <button type="button" className="danger" onClick={remove}>
            Delete
          </button>
        </div>
      </div>
      <ErrorNotice
        error={
          actions.start.error ??
          actions.stop.error ??
          actions.remove.error ??
          actions.cancelOrders.error ??
          actions.liquidate.error
        }
      />
      {accepted && (
        <p className="notice notice-ok" role="status">
          {accepted.message}
        </p>
      )}
      <p className="muted">
        {bot.exchangeId} · {bot.symbol} · {bot.timeframe} · {bot.strategy} · {bot.mode}
      </p>
      {bot.lastError && (
        <p className="notice notice-error">
          Stopped by an error {ago(bot.lastErrorAt)}: {bot.lastError}
        </p>
      )}

      <div className="detail-grid">
        <div className="card">
          <h2>Now</h2>
          {status.isError ? (
            <ErrorNotice error={status.error} />
          ) : !status.data ? (
            <Loading what="the status" />
          ) : (
            <dl data-testid="bot-status">
              <dt>Runs on</dt>
              <dd data-testid="bot-worker">
                {status.data.worker
                  ? `${status.data.worker.host ?? 'unknown host'} · ${status.data.worker.id}`
                  : 'no worker'}
              </dd>
              <dt>Since</dt>
              <dd>{status.data.worker ? ago(status.data.worker.claimedAt) : '–'}</dd>
              <dt>Price</dt>
              <dd>
                {status.data.price ? (
                  <>
                    {decimal(status.data.price.last)} {quote}{' '}
                    {isStale(status.data.price.fetchedAt) ? (
                      <small className="stale">stale, {ago(status.data.price.fetchedAt)}</small>
                    ) : (
                      <small className="muted">{ago(status.data.price.fetchedAt)}</small>
                    )}
                  </>
                ) : (
                  'no market data'
                )}
              </dd>
              <dt>Position</dt>
              <dd>
                {decimal(status.data.position.base, 6)} {baseOf(bot.symbol)}
                {status.data.position.averageEntry &&
                  ` at ${decimal(status.data.position.averageEntry)}`}
              </dd>
              <dt>Realized</dt>
              <dd className={profitTone(status.data.position.realizedProfit)}>
                {signedMoney(status.data.position.realizedProfit, quote)}
              </dd>
              <dt>Unrealized</dt>
              <dd className={profitTone(status.data.unrealizedProfit)}>
                {signedMoney(status.data.unrealizedProfit, quote)}
              </dd>
              <dt>Fees</dt>
              <dd>
                {decimal(status.data.position.feesQuote)} {quote} over{' '}
                {status.data.position.tradesCount} trades
              </dd>
              {status.data.paperBalances && (
                <>
                  <dt>Paper balances</dt>
                  <dd>
                    {Object.entries(status.data.paperBalances)
                      .map(([asset, b]) => `${decimal(b.total, 6)} ${asset}`)
                      .join(', ')}
                  </dd>
                </>
              )}
            </dl>
          )}
        </div>
        <div className="card chart-card">
          <div className="page-head">
            <h2>
              Chart {candles.data?.stale && <small className="stale">stale market data</small>}
            </h2>
            <label className="inline">
              Candles{' '}
              <select
                value={candleCount}
                onChange={(e) => setSearch({ candles: e.target.value }, { replace: true })}
              >
                {CANDLE_COUNTS.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
          </div>
          {candles.isError ? (
            <ErrorNotice error={candles.error} />
          ) : candles.data ? (
            <CandleChart
              candles={candles.data.candles}
              fills={fills}
              levels={levels}
              label={`${bot.symbol} ${bot.timeframe} candles with the bot’s fills`}
            />
          ) : (
            <Loading what="candles" />
          )}
        </div>
      </div>

      <h2>Equity and profit, last 24 hours</h2>
      <div className="card">
        {equity.isError ? (
          <ErrorNotice error={equity.error} />
        ) : equity.data ? (
          <Suspense fallback={null}>
            <EquityChart
              points={equity.data.points}
              currency={quote}
              label={`${bot.name} equity and realized profit over the last 24 hours`}
            />
          </Suspense>
        ) : (
          <Loading what="the equity history" />
        )}
      </div>
      <Placement
        events={
          placements.data &&
            // claims and releases, plus the recent events: the old owner's last sign of life
            // bounds how long a bot was without an owner
            [
              ...new Map(
                [...placements.data.items, ...(events.data?.items ?? [])].map((e) => [e.id, e]),
              ).values(),
            ]
        }
      />
      <h2>Orders</h2>
      {orders.isError ? (
        <ErrorNotice error={orders.error} />
      ) : (
        <OrdersTable orders={orders.data?.items} events={events.data?.items} />
      )}
      <h2>Trades</h2>
      {trades.data && trades.data.items.length === 0 && <Empty>No trades yet.</Empty>}
      {trades.data && trades.data.items.length > 0 && (
        <TableWrap label="Trades">
          <table data-testid="trades">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Side</th>
                <th scope="col">Price</th>
                <th scope="col">Amount</th>
                <th scope="col">Fee</th>
              </tr>
            </thead>
            <tbody>
              {trades.data.items.map((t) => (
                <tr key={t.id}>
                  <td>{dateTime(t.executedAt)}</td>
                  <td className={t.side}>{t.side}</td>
                  <td>{decimal(t.price)}</td>
                  <td>{decimal(t.amount, 6)}</td>
                  <td>
                    {decimal(t.fee, 6)} {t.feeCurrency}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>Event log</h2>
      {events.data && (
        <ol className="event-log" data-testid="events" tabIndex={0} aria-label="Event log">
          {events.data.items.map((e) => (
            <li key={e.id}>
              <time dateTime={e.createdAt}>{dateTime(e.createdAt)}</time> <code>{e.type}</code>{' '}
              {e.message}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const lifecycle: Record<string, string> = {
  intent: 'intent (written, not sent yet)',
  unknown: 'sent, answer lost: being resolved',
  open: 'open',
  partially_filled: 'partially filled',
  filled: 'filled',
  canceled: 'canceled',
  rejected: 'rejected',
  expired: 'expired',
};

function OrdersTable({ orders, events }: { orders?: Order[]; events?: BotEvent[] }) {
  if (!orders) return <Loading what="orders" />;
  if (orders.length === 0) return <Empty>No orders yet.</Empty>;
  const adopted = new Set(
    (events ?? []).filter((e) => e.type === 'order.adopted').map((e) => String(e.data.orderId)),
  );
  return (
    <TableWrap label="Orders">
      <table data-testid="orders">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Side</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Amount</th>
            <th scope="col">Filled</th>
            <th scope="col">Price</th>
            <th scope="col">Client order id</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id}>
              <td>{dateTime(o.createdAt)}</td>
              <td className={o.side}>{o.side}</td>
              <td>{o.type}</td>
              <td>
                {lifecycle[o.status] ?? o.status}
                {adopted.has(o.id) && <span className="tag">adopted after takeover</span>}
                {o.error && <small className="field-error"> {o.error}</small>}
              </td>
              <td>{decimal(o.amount, 6)}</td>
              <td>{decimal(o.filled, 6)}</td>
              <td>{decimal(o.averagePrice ?? o.price)}</td>
              <td>
                <code>{o.clientOrderId}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function Placement({ events }: { events?: BotEvent[] }) {
  const timeline = useMemo(() => placementTimeline(events ?? []), [events]);
  if (!events || timeline.stints.length === 0) return null;
  return (
    <>
      <h2>Where it ran</h2>
      <ol className="timeline" data-testid="placement">
        {timeline.stints.map((stint) => {
          const takeover = timeline.takeovers.find((t) => t.at === stint.from);
          return (
            <li key={stint.from}>
              <strong>{stint.host ?? 'unknown host'}</strong> · {stint.workerId}: from{' '}
              {dateTime(stint.from)}
              {stint.to
                ? ` to ${dateTime(stint.to)} (${duration(Date.parse(stint.to) - Date.parse(stint.from))})`
                : ' (now)'}
              {stint.endedBy === 'takeover' && <span className="tag">lost its worker</span>}
              {takeover && (
                <div className="muted">
                  Failover from {takeover.fromWorker}: without an owner for at most{' '}
                  {duration(takeover.ownerlessMs)}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
