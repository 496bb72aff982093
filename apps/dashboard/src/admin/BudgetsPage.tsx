import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api/endpoints';
import { ErrorNotice, Loading } from '../ui/notices';
import { TableWrap } from '../ui/table-wrap';

/** Seconds left of a countdown read `secondsLeft` at `readAt`, ticking on the screen. */
function useCountdown(secondsLeft: number | null, readAt: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (secondsLeft === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [secondsLeft]);
  return secondsLeft === null ? null : Math.max(0, Math.ceil(secondsLeft - (now - readAt) / 1000));
}

function Pause({ secondsLeft, readAt }: { secondsLeft: number | null; readAt: number }) {
  const left = useCountdown(secondsLeft, readAt);
  if (left === null) return <span className="muted">none</span>;
  return left > 0 ? (
    <span className="stale">paused after a 429/418: {left} s left</span>
  ) : (
    <span>ended</span>
  );
}

export default function BudgetsPage() {
  const budgets = useQuery({ queryKey: ['budgets'], queryFn: api.budgets, refetchInterval: 5_000 });
  if (budgets.isPending) return <Loading what="the budgets" />;
  if (budgets.isError) return <ErrorNotice error={budgets.error} />;
  const { exchanges, orderBudgets, orderWindow, truncated } = budgets.data;
  const readAt = budgets.dataUpdatedAt;
  return (
    <section className="page">
      <h1>Exchange budgets</h1>
      <p className="muted">
        What the whole cluster spends at each exchange, shared by every process through Redis.
        Refreshes every 5 s.
      </p>
      <h2>Request weight per minute</h2>
      <div className="hosts">
        {exchanges.map((x) => (
          <section className="card" key={x.exchangeId} aria-label={`${x.exchangeId} weight`}>
            <h3>{x.exchangeId}</h3>
            <meter
              min={0}
              max={x.weightLimit ?? x.exchangeWeightLimit}
              value={x.weightUsed}
              aria-label={`${x.exchangeId} weight used`}
            />{' '}
            {x.weightUsed} of {x.weightLimit ?? '–'} (the exchange allows {x.exchangeWeightLimit})
            <p>
              New minute in {x.windowEndsInSeconds} s · Pause:{' '}
              <Pause secondsLeft={x.pause?.secondsLeft ?? null} readAt={readAt} />
            </p>
          </section>
        ))}
      </div>
      <h2>Orders per API key ({orderWindow.seconds} s window)</h2>
      {orderBudgets.length === 0 ? (
        <p className="empty">No live bot trades with an API key.</p>
      ) : (
        <TableWrap label="Order budgets">
          <table>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Exchange</th>
                <th scope="col">Live bots (running)</th>
                <th scope="col">Orders this window</th>
              </tr>
            </thead>
            <tbody>
              {orderBudgets.map((b) => (
                <tr key={b.accountId}>
                  <td>
                    <code>{b.apiKeyMasked}</code>
                  </td>
                  <td>{b.exchangeId}</td>
                  <td>
                    {b.liveBots} ({b.runningBots})
                  </td>
                  <td>
                    {b.ordersUsed}
                    {b.exchangeOrderLimit !== null && ` of ${b.exchangeOrderLimit}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {truncated && <p className="muted">Only the keys with running bots first are listed.</p>}
    </section>
  );
}
