import type { WorkerInfo } from '@platform/cluster';
import type { DesiredBot } from '@platform/persistence';
import { withoutOwner } from './supervisor-counts';

const bot = (id: string) => ({ id }) as DesiredBot;
const worker = (botIds: string[]) => ({ botIds }) as WorkerInfo;

describe('withoutOwner', () => {
  it('counts the desired bots no live worker lists', () => {
    const desired = ['a', 'b', 'c', 'd'].map(bot);
    expect(withoutOwner(desired, [worker(['a']), worker(['c', 'x'])])).toBe(2);
    expect(withoutOwner(desired, [])).toBe(4);
    expect(withoutOwner([], [worker(['a'])])).toBe(0);
  });
});
