// `backtest.progress` on the live stream: the progress bar moves in the cached views at once
// (no request per step); a run that starts or ends reloads them (metrics, result).
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Backtest, BacktestPage } from '../api/types';

export interface BacktestProgressLike {
  type: 'backtest.progress';
  backtestId: string;
  sweepId?: string | null;
  status: string;
  progress: number;
}

export function applyBacktestProgress(queries: QueryClient, event: BacktestProgressLike) {
  const { backtestId: id } = event;
  let statusChanged = false;
  const patch = <T extends Backtest>(item: T): T => {
    if (item.id !== id) return item;
    if (item.status !== event.status) statusChanged = true;
    return { ...item, status: event.status as Backtest['status'], progress: event.progress };
  };
  queries.setQueriesData<InfiniteData<BacktestPage>>({ queryKey: ['backtests'] }, (data) =>
    data?.pages
      ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map(patch) })) }
      : data,
  );
  const one = queries.getQueryData<Backtest>(['backtest', id]);
  if (one) queries.setQueryData(['backtest', id], patch(one));
  else statusChanged = true;
  if (statusChanged || event.status !== 'running') {
    void queries.invalidateQueries({ queryKey: ['backtests'] });
    void queries.invalidateQueries({ queryKey: ['backtest', id] });
  }
  if (event.sweepId) void queries.invalidateQueries({ queryKey: ['sweep', event.sweepId] });
}
