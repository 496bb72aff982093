import { WaitAbandoned, waitUntil, type WatchedProcess } from './bench-wait';

const watched = (running: boolean, output = ''): WatchedProcess => ({
  service: 'bot-worker',
  running,
  output,
});

describe('waitUntil: every bench wait ends', () => {
  it('answers the probe once it is met', async () => {
    let polls = 0;
    const value = await waitUntil('the third poll', async () => ++polls >= 3 && polls, {
      timeoutMs: 10_000,
      intervalMs: 1,
    });
    expect(value).toBe(3);
  });

  it('times out naming what it waited for and the last error', async () => {
    let polls = 0;
    const waiting = waitUntil(
      'the worker to hold 5 bots',
      async () => {
        if (++polls > 1) throw new Error('connection refused');
        return false;
      },
      { timeoutMs: 20, intervalMs: 1 },
    );
    await expect(waiting).rejects.toThrow(
      'timed out after 0 s waiting for the worker to hold 5 bots (last error: connection refused)',
    );
  });

  it('times out on a probe that never settles', async () => {
    const waiting = waitUntil('an answer', () => new Promise<boolean>(() => undefined), {
      timeoutMs: 20,
    });
    await expect(waiting).rejects.toThrow('waiting for an answer');
  });

  it('gives up at once when the probe says the condition cannot be met', async () => {
    const waiting = waitUntil(
      'the worker to hold 5 bots',
      async () => {
        throw new WaitAbandoned('the worker stopped 5 of them');
      },
      { timeoutMs: 600_000 },
    );
    await expect(waiting).rejects.toThrow(
      'gave up waiting for the worker to hold 5 bots: the worker stopped 5 of them',
    );
  });

  it('gives up at once when a process it depends on exited, with its last output', async () => {
    const waiting = waitUntil('the worker to be ready', async () => false, {
      timeoutMs: 600_000,
      processes: [watched(true), watched(false, 'starting\nDATABASE_URL: required\n')],
    });
    await expect(waiting).rejects.toThrow(
      'gave up waiting for the worker to be ready: bot-worker exited; its last output:\nstarting\nDATABASE_URL: required',
    );
  });
});
