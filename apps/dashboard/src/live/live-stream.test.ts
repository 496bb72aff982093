import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../test-support';
import { connectLive } from './live-stream';

/** A stand-in for the browser's EventSource: the test fires its events. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data: unknown = {}) {
    for (const listener of this.listeners.get(type) ?? [])
      listener({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
  close() {
    this.closed = true;
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('connectLive', () => {
  it('opens the stream with a fresh ticket each time, and reloads every view after a reconnect', async () => {
    fakeFetch(
      { status: 201, body: { ticket: 'first' } },
      { status: 201, body: { ticket: 'second' } },
    );
    const queries = new QueryClient();
    const invalidate = vi.spyOn(queries, 'invalidateQueries');
    const stop = connectLive(queries);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    const first = FakeEventSource.opened[0];
    expect(first.url).toBe('/live?ticket=first');
    first.emit('ready');
    expect(invalidate).not.toHaveBeenCalled(); // nothing was missed yet

    first.emit('trade', { type: 'trade', botId: 'b1' });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['bot', 'b1', 'trades'] });

    invalidate.mockClear();
    first.onerror?.(); // the connection broke: a single-use ticket cannot be reused
    expect(first.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(2));
    expect(FakeEventSource.opened[1].url).toBe('/live?ticket=second');
    FakeEventSource.opened[1].emit('ready');
    expect(invalidate).toHaveBeenCalledWith(); // every view reloads what it shows
    stop();
    expect(FakeEventSource.opened[1].closed).toBe(true);
  });
});
