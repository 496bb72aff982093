import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { api } from '../api/endpoints';
import type { Portfolio, PortfolioBot } from '../api/types';
import { cardsFirst, MAX_CARDS, sinceFirst, startOfToday } from './overview-logic';
import { ago, decimal, isStale, profitTone, signedMoney, quoteOf, baseOf } from '../ui/format';
import { Empty, ErrorNotice, Loading } from '../ui/notices';
import { StatusBadge } from '../ui/status-badge';

// uPlot loads with the first equity line, not with the app
const EquityChart = lazy(() => import('../ui/EquityChart'));

type PortfolioTotal = Portfolio['totals'][number];

export function OverviewPage() {
  const portfolio = useQuery({
    queryKey: ['portfolio'],
    queryFn: api.portfolio,
    refetchInterval: 15_000,
  });
  const head = (
    <div className="page-head">
      <h1>Overview</h1>
      <Link className="button primary" to="/bots/new">
        New bot
      </Link>
    </div>
  );
  if (portfolio.isPending || portfolio.isError)
    return (
      <section className="page">
        {head}
        {portfolio.isError ? <ErrorNotice error={portfolio.error} /> : <Loading what="your bots" />}
      </section>
    );
  const { bots, totals, truncated } = portfolio.data;
  return (
    <section className="page">
      {head}
      <h2 className="sr-only">Totals</h2>
      <div className="totals">
        {totals.length === 0 && <Empty>No bots yet. Create one to see your profit here.</Empty>}
        {totals.map((total) => (
          <TotalCard key={`${total.mode}-${total.quoteCurrency}`} total={total} />
        ))}
      </div>
      {truncated && <p className="notice">Only your newest bots are shown here.</p>}
      <h2>Bots</h2>
      <ul className="bot-cards">
        {cardsFirst(bots).map((bot) => (
          <BotCard key={bot.id} bot={bot} />
        ))}
      </ul>
      {bots.length > MAX_CARDS && (
        <p>
          {bots.length - MAX_CARDS} more bots: <Link to="/bots">see them all in the list</Link>.
        </p>
      )}
    </section>
  );
}

function TotalCard({ total }: { total: PortfolioTotal }) {
  const today = useQuery({
    // not under ['portfolio']: a ticker event refreshes that every second, this once a minute
    queryKey: ['portfolio-equity', total.mode, total.quoteCurrency],
    queryFn: () => api.portfolioEquity(total.mode, total.quoteCurrency, startOfToday()),
    refetchInterval: 60_000,
  });
  const points = today.data?.points ?? [];
  const realizedToday = sinceFirst(total.realizedProfit, points);
  const q = total.quoteCurrency;
  return (
    <div className="card total">
      <h3>
        {total.mode === 'paper' ? 'Paper' : 'Live'} · {q}
      </h3>
      <dl>
        <dt>Equity</dt>
        <dd>{points.length ? `${decimal(points[points.length - 1].equity)} ${q}` : '–'}</dd>
        <dt>Realized today</dt>
        <dd className={profitTone(realizedToday)}>{signedMoney(realizedToday, q)}</dd>
        <dt>Realized, all time</dt>
        <dd className={profitTone(total.realizedProfit)}>{signedMoney(total.realizedProfit, q)}</dd>
        <dt>Unrealized</dt>
        <dd className={profitTone(total.unrealizedProfit)}>
          {signedMoney(total.unrealizedProfit, q)}
          {total.unpricedBots > 0 && <small> ({total.unpricedBots} without a price)</small>}
        </dd>
        <dt>Fees</dt>
        <dd>
          {decimal(total.feesQuote)} {q}
        </dd>
        <dt>Bots</dt>
        <dd>{total.bots}</dd>
      </dl>
      {points.length > 1 && (
        <Suspense fallback={null}>
          <EquityChart points={points} currency={q} label={`${total.mode} ${q} equity today`} />
        </Suspense>
      )}
    </div>
  );
}

function BotCard({ bot }: { bot: PortfolioBot }) {
  const quote = quoteOf(bot.symbol);
  const stale = bot.price && isStale(bot.price.fetchedAt);
  return (
    <li className="card bot-card">
      <div className="bot-card-head">
        <Link to={`/bots/${bot.id}`} className="bot-name">
          {bot.name}
        </Link>
        <StatusBadge state={bot.actualState} />
      </div>
      <p className="muted">
        {bot.symbol} · {bot.strategy} · {bot.mode}
      </p>
      <dl className="compact">
        <dt>Runs on</dt>
        <dd>
          {bot.worker ? `${bot.worker.host ?? 'unknown host'} · ${bot.worker.id}` : 'no worker'}
        </dd>
        <dt>Price</dt>
        <dd>
          {bot.price ? (
            <>
              {decimal(bot.price.last)} {quote}{' '}
              <small className={stale ? 'stale' : 'muted'}>
                {stale ? `stale, ${ago(bot.price.fetchedAt)}` : ago(bot.price.fetchedAt)}
              </small>
            </>
          ) : (
            <span className="muted">no market data</span>
          )}
        </dd>
        <dt>Position</dt>
        <dd>
          {decimal(bot.position.base, 6)} {baseOf(bot.symbol)}
        </dd>
        <dt>Profit</dt>
        <dd>
          <span className={profitTone(bot.position.realizedProfit)}>
            {signedMoney(bot.position.realizedProfit, quote)}
          </span>
          {' realized, '}
          <span className={profitTone(bot.unrealizedProfit)}>
            {signedMoney(bot.unrealizedProfit, quote)}
          </span>
          {' open'}
        </dd>
      </dl>
      {bot.lastError && <p className="notice notice-error">{bot.lastError}</p>}
    </li>
  );
}
