import { describe, expect, it } from 'vitest';
import { placementTimeline } from './placement-timeline';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
const claimed = (s: number, workerId: string, host: string) => ({
  type: 'bot.claimed',
  createdAt: at(s),
  data: { workerId, host },
});

describe('placementTimeline', () => {
  it('reads stints, a release and a takeover with the time without an owner', () => {
    const events = [
      claimed(0, 'w1', 'notebook-a'),
      { type: 'order.intent', createdAt: at(10), data: {} },
      claimed(13, 'w2', 'notebook-b'), // w1 died after its last sign of life at 10 s
      { type: 'bot.released', createdAt: at(20), data: {} },
    ].reverse(); // the API answers newest first
    const { stints, takeovers } = placementTimeline(events);
    expect(stints).toEqual([
      { workerId: 'w2', host: 'notebook-b', from: at(13), to: at(20), endedBy: 'released' },
      { workerId: 'w1', host: 'notebook-a', from: at(0), to: at(10), endedBy: 'takeover' },
    ]);
    expect(takeovers).toEqual([
      { at: at(13), fromWorker: 'w1', toWorker: 'w2', ownerlessMs: 3000 },
    ]);
  });

  it('leaves the current stint open', () => {
    const { stints, takeovers } = placementTimeline([claimed(5, 'w1', 'a')]);
    expect(stints[0].to).toBeNull();
    expect(takeovers).toEqual([]);
  });
});
