import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyBacktestProgress } from './backtest-progress';

const view = (id: string, status: string, progress: number) => ({ id, status, progress });

describe('backtest.progress on the live stream', () => {
  it('moves the progress in the cached list and detail without a reload while it runs', () => {
    const queries = new QueryClient();
    queries.setQueryData(['backtests'], {
      pages: [{ items: [view('a', 'running', 0.1), view('b', 'succeeded', 1)], nextCursor: null }],
      pageParams: [null],
    });
    queries.setQueryData(['backtest', 'a'], view('a', 'running', 0.1));
    applyBacktestProgress(queries, {
      type: 'backtest.progress',
      backtestId: 'a',
      status: 'running',
      progress: 0.6,
    });
    const list = queries.getQueryData<{ pages: { items: unknown[] }[] }>(['backtests']);
    expect(list?.pages[0].items).toEqual([view('a', 'running', 0.6), view('b', 'succeeded', 1)]);
    expect(queries.getQueryData(['backtest', 'a'])).toEqual(view('a', 'running', 0.6));
    expect(queries.getQueryState(['backtests'])?.isInvalidated).toBe(false);
  });

  it('reloads the views when a run ends (its metrics and result)', () => {
    const queries = new QueryClient();
    queries.setQueryData(['backtest', 'a'], view('a', 'running', 0.9));
    queries.setQueryData(['backtests'], {
      pages: [{ items: [], nextCursor: null }],
      pageParams: [null],
    });
    applyBacktestProgress(queries, {
      type: 'backtest.progress',
      backtestId: 'a',
      status: 'succeeded',
      progress: 1,
    });
    expect(queries.getQueryState(['backtest', 'a'])?.isInvalidated).toBe(true);
    expect(queries.getQueryState(['backtests'])?.isInvalidated).toBe(true);
  });
});
