// One live stream (server-sent events) per tab, feeding the query cache. EventSource cannot
// send the Authorization header, so each connection takes a fresh single-use ticket; after any
// break the views reload what they show (the stream is at most once, like the transport).
import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { request } from '../api/http';
import { applyBacktestProgress, type BacktestProgressLike } from './backtest-progress';
import { liveKeys } from './live-keys';

export type LiveState = 'connecting' | 'open' | 'reconnecting';

interface LiveBotEvent {
  type: string;
  botId?: string;
  exchangeId?: string;
  symbol?: string;
  last?: string;
  at?: string;
}

const RECONNECT_MS = 2000;
let state: LiveState = 'connecting';
const listeners = new Set<() => void>();
const setState = (next: LiveState) => {
  state = next;
  listeners.forEach((listener) => listener());
};
export const useLiveState = () =>
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );

/** Opens the stream and keeps it open until the returned function is called. */
export function connectLive(queries: QueryClient): () => void {
  let closed = false;
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let connectedBefore = false;

  const apply = (event: LiveBotEvent) => {
    for (const key of liveKeys(event)) void queries.invalidateQueries({ queryKey: key });
  };

  const reconnect = () => {
    source?.close();
    source = null;
    if (closed) return;
    setState('reconnecting');
    retry = setTimeout(open, RECONNECT_MS);
  };

  async function open() {
    if (closed) return;
    let ticket: string;
    try {
      ticket = (await request<{ ticket: string }>('/live/ticket', { method: 'POST' })).ticket;
    } catch {
      return reconnect();
    }
    if (closed) return;
    source = new EventSource(`/live?ticket=${encodeURIComponent(ticket)}`);
    source.addEventListener('ready', () => {
      setState('open');
      // What happened while the stream was down was not sent: reload every view.
      if (connectedBefore) void queries.invalidateQueries();
      connectedBefore = true;
    });
    for (const type of ['bot.status', 'order', 'trade', 'ticker'])
      source.addEventListener(type, (message) => {
        try {
          apply(JSON.parse((message as MessageEvent<string>).data) as LiveBotEvent);
        } catch {
          // a malformed event is dropped: the next reload shows the truth
        }
      });
    source.addEventListener('backtest.progress', (message) => {
      try {
        applyBacktestProgress(
          queries,
          JSON.parse((message as MessageEvent<string>).data) as BacktestProgressLike,
        );
      } catch {
        // dropped like any malformed event; the pages poll a running backtest meanwhile
      }
    });
    source.onerror = reconnect;
  }

  setState('connecting');
  void open();
  return () => {
    closed = true;
    clearTimeout(retry);
    source?.close();
  };
}
