import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type BotFilters, api } from '../api/endpoints';
import type { Bot } from '../api/types';
import { SelectField, TextField } from '../ui/fields';
import { ago } from '../ui/format';
import { Empty, ErrorNotice, Loading } from '../ui/notices';
import { StatusBadge } from '../ui/status-badge';
import { useBotActions } from './bot-actions';

const ROW_HEIGHT = 52;
const any = { value: '', label: 'Any' };
const FILTER_NAMES = ['q', 'status', 'strategy', 'mode', 'symbol', 'sort'] as const;

export function BotsPage() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => {
    const picked: BotFilters = {};
    for (const name of FILTER_NAMES) {
      const value = search.get(name);
      if (value) picked[name] = value;
    }
    return picked;
  }, [search]);
  const setFilter = (name: (typeof FILTER_NAMES)[number], value: string) =>
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  const [query, setQuery] = useState(filters.q ?? '');
  // Typing searches after a short pause, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => query !== (filters.q ?? '') && setFilter('q', query), 250);
    return () => clearTimeout(timer);
  });

  const strategies = useQuery({
    queryKey: ['strategies'],
    queryFn: api.strategies,
    staleTime: Infinity,
  });
  const profile = useQuery({ queryKey: ['me'], queryFn: api.me });
  const pages = useInfiniteQuery({
    queryKey: ['bots', filters],
    queryFn: ({ pageParam }) => api.bots(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const bots = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const total = pages.data?.pages[0]?.total;
  const running = bots.filter((bot) => bot.desiredState === 'running').length;
  const limits = profile.data?.subscription;

  return (
    <section className="page">
      <div className="page-head">
        <h1>Bots</h1>
        <Link className="button primary" to="/bots/new">
          New bot
        </Link>
      </div>
      {limits && (
        <p className="muted" data-testid="plan-usage">
          Plan {limits.plan}: {running} of {limits.maxRunningBots} running
          {total !== undefined ? `, ${total} of ${limits.maxBots} bots` : ''}.
          {running >= limits.maxRunningBots && ' Stop a bot or change your plan to start another.'}
        </p>
      )}
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField
          label="Search"
          type="search"
          placeholder="name or symbol"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <SelectField
          label="Status"
          value={filters.status ?? ''}
          onChange={(e) => setFilter('status', e.target.value)}
          options={[
            any,
            ...['running', 'starting', 'stopping', 'stopped', 'error'].map((v) => ({
              value: v,
              label: v,
            })),
          ]}
        />
        <SelectField
          label="Strategy"
          value={filters.strategy ?? ''}
          onChange={(e) => setFilter('strategy', e.target.value)}
          options={[
            any,
            ...(strategies.data?.items ?? []).map((s) => ({ value: s.name, label: s.name })),
          ]}
        />
        <SelectField
          label="Mode"
          value={filters.mode ?? ''}
          onChange={(e) => setFilter('mode', e.target.value)}
          options={[any, { value: 'paper', label: 'paper' }, { value: 'live', label: 'live' }]}
        />
        <TextField
          label="Symbol"
          placeholder="BTC/USDT"
          value={filters.symbol ?? ''}
          onChange={(e) => setFilter('symbol', e.target.value.toUpperCase())}
        />
        <SelectField
          label="Sort"
          value={filters.sort ?? ''}
          onChange={(e) => setFilter('sort', e.target.value)}
          options={[
            { value: '', label: 'Newest first' },
            { value: 'name', label: 'Name' },
          ]}
        />
      </form>
      {pages.isPending ? (
        <Loading what="bots" />
      ) : pages.isError ? (
        <ErrorNotice error={pages.error} />
      ) : bots.length === 0 ? (
        <Empty>
          {Object.keys(filters).length ? 'No bot matches these filters.' : 'No bots yet.'}
        </Empty>
      ) : (
        <BotRows
          bots={bots}
          total={total}
          onEnd={() => pages.hasNextPage && !pages.isFetchingNextPage && pages.fetchNextPage()}
        />
      )}
    </section>
  );
}

function BotRows({ bots, total, onEnd }: { bots: Bot[]; total?: number; onEnd: () => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: bots.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = rows.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= bots.length - 20) onEnd();
  }, [lastIndex, bots.length, onEnd]);
  const actions = useBotActions();

  return (
    <div className="bot-table" role="table" aria-label="Bots" aria-rowcount={total ?? bots.length}>
      <div className="bot-row bot-row-head" role="row">
        {['Name', 'Market', 'Strategy', 'Mode', 'Status', 'Last tick', 'Actions'].map((title) => (
          <span role="columnheader" key={title}>
            {title}
          </span>
        ))}
      </div>
      <div className="bot-scroll" ref={scroller} data-testid="bot-scroll">
        <div role="rowgroup" style={{ height: rows.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const bot = bots[item.index];
            const wanted = bot.desiredState === 'running';
            return (
              <div
                role="row"
                aria-rowindex={item.index + 2}
                className="bot-row"
                key={bot.id}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <span role="cell">
                  <Link to={`/bots/${bot.id}`}>{bot.name}</Link>
                </span>
                <span role="cell">
                  {bot.symbol} <small className="muted">{bot.timeframe}</small>
                </span>
                <span role="cell">{bot.strategy}</span>
                <span role="cell">{bot.mode}</span>
                <span role="cell">
                  <StatusBadge state={bot.status.actual} />
                </span>
                <span role="cell">{ago(bot.status.lastTickAt)}</span>
                <span role="cell" className="row-actions">
                  {wanted ? (
                    <button
                      type="button"
                      onClick={() => actions.stop.mutate(bot.id)}
                      aria-label={`Stop ${bot.name}`}
                    >
                      Stop
                    </button>
                  ) : (
                    <button
                      type="button"
                      onClick={() => actions.start.mutate(bot.id)}
                      aria-label={`Start ${bot.name}`}
                    >
                      Start
                    </button>
                  )}
                  <Link to={`/bots/new?from=${bot.id}`} aria-label={`Clone ${bot.name}`}>
                    Clone
                  </Link>
                </span>
              </div>
            );
          })}
        </div>
      </div>
      <ErrorNotice error={actions.start.error ?? actions.stop.error} />
    </div>
  );
}
