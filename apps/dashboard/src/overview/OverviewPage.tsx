import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/endpoints';
import type { PortfolioBot } from '../api/types';
import { ago, decimal, isStale, profitTone, signedMoney, quoteOf, baseOf } from '../ui/format';
import { Empty, ErrorNotice, Loading } from '../ui/notices';
import { StatusBadge } from '../ui/status-badge';

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
          <div className="card total" key={`${total.mode}-${total.quoteCurrency}`}>
            <h3>
              {total.mode === 'paper' ? 'Paper' : 'Live'} · {total.quoteCurrency}
            </h3>
            <dl>
              <dt>Realized profit</dt>
              <dd className={profitTone(total.realizedProfit)}>
                {signedMoney(total.realizedProfit, total.quoteCurrency)}
              </dd>
              <dt>Unrealized profit</dt>
              <dd className={profitTone(total.unrealizedProfit)}>
                {signedMoney(total.unrealizedProfit, total.quoteCurrency)}
                {total.unpricedBots > 0 && <small> ({total.unpricedBots} without a price)</small>}
              </dd>
              <dt>Fees</dt>
              <dd>
                {decimal(total.feesQuote)} {total.quoteCurrency}
              </dd>
              <dt>Bots</dt>
              <dd>{total.bots}</dd>
            </dl>
          </div>
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

// The overview stays quick with a thousand bots: cards for the ones that need a look first
// (errors, then running, then the rest, newest first as the API lists them); the list page
// shows them all.
const MAX_CARDS = 24;
const attention: Record<string, number> = { error: 0, running: 1, starting: 2, stopping: 2 };
export function cardsFirst(bots: PortfolioBot[]): PortfolioBot[] {
  return bots
    .map((bot, index) => ({ bot, index }))
    .sort(
      (a, b) =>
        (attention[a.bot.actualState] ?? 3) - (attention[b.bot.actualState] ?? 3) ||
        a.index - b.index,
    )
    .slice(0, MAX_CARDS)
    .map(({ bot }) => bot);
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
