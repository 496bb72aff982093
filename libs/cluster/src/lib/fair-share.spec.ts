import { fairShare } from './fair-share';

const bots = (n: number, tag: string | null = null) =>
  Array.from({ length: n }, (_, i) => ({ id: `${tag}-${i}`, placementTag: tag }));
const worker = (id: string, tags: string[] = [], capacity = 10000) => ({ id, tags, capacity });

describe('fairShare', () => {
  it('is ceil(bots / workers) without tags', () => {
    const workers = [worker('a'), worker('b'), worker('c')];
    expect(fairShare(bots(300), workers, workers[0])).toBe(100);
    expect(fairShare(bots(301), workers, workers[0])).toBe(101);
    expect(fairShare(bots(2), workers, workers[0])).toBe(1);
    expect(fairShare([], workers, workers[0])).toBe(0);
  });

  it('counts the worker itself even before it appears in the registry', () => {
    expect(fairShare(bots(10), [worker('a')], worker('b'))).toBe(5);
  });

  it('gives tagged bots only to workers with the tag, and spreads the rest', () => {
    // 10 bots need region=sp (only "sp" has it), 20 run anywhere, 2 workers
    const sp = worker('sp', ['region=sp']);
    const other = worker('other');
    const all = [...bots(10, 'region=sp'), ...bots(20)];
    expect(fairShare(all, [sp, other], sp)).toBe(20); // 10 tagged + half of 20
    expect(fairShare(all, [sp, other], other)).toBe(10);
  });

  it('never exceeds capacity', () => {
    const small = worker('a', [], 7);
    expect(fairShare(bots(100), [small, worker('b')], small)).toBe(7);
  });
});
