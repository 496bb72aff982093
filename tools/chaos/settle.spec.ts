import type { BotState } from './chaos-database';
import { botsPerWorker, pendingBots } from './settle';
import { pidOfWorkerId } from './workers';

const state = (
  botId: string,
  workerId: string | null,
  lastTickUs: number | null,
  released = false,
): BotState => ({
  botId,
  workerId,
  token: 1,
  released,
  lastTickUs,
});

describe('pidOfWorkerId', () => {
  it('reads the pid out of bot-worker-<host>-<pid>-<hex>', () => {
    expect(pidOfWorkerId('bot-worker-my-laptop-4242-a1b2c3')).toBe(4242);
    expect(pidOfWorkerId('something-else')).toBeNull();
  });
});

describe('pendingBots', () => {
  const live = new Set([10, 11]);

  it('is empty when every bot ticked on a live worker after the fault', () => {
    expect(
      pendingBots(
        [state('a', 'bot-worker-h-10-abcdef', 500), state('b', 'bot-worker-h-11-abcdef', 600)],
        live,
        400,
      ),
    ).toEqual([]);
  });

  it('lists bots on a dead worker, released, never ticked, or not ticked since the fault', () => {
    const states = [
      state('dead', 'bot-worker-h-99-abcdef', 900),
      state('released', 'bot-worker-h-10-abcdef', 900, true),
      state('never', null, null),
      state('old', 'bot-worker-h-11-abcdef', 300),
      state('fine', 'bot-worker-h-11-abcdef', 500),
    ];
    expect(pendingBots(states, live, 400)).toEqual(['dead', 'released', 'never', 'old']);
  });
});

describe('botsPerWorker', () => {
  it('counts bots per live worker, including workers with none, sorted', () => {
    const states = [
      state('a', 'bot-worker-h-10-abcdef', 1),
      state('b', 'bot-worker-h-10-abcdef', 1),
      state('c', 'bot-worker-h-11-abcdef', 1),
      state('d', 'bot-worker-h-99-abcdef', 1), // a dead worker
      state('e', 'bot-worker-h-11-abcdef', 1, true),
    ];
    expect(botsPerWorker(states, [10, 11, 12])).toEqual([0, 1, 2]);
  });
});
