import type { LeaseGroup } from '@platform/distributed-lock';
import type { DesiredBot, FencedWriter } from '@platform/persistence';
import type { RuntimeFactory } from '../engine/runtime-factory';
import { BotClaimer } from './bot-claimer';
import { HeldBots } from './held-bots';
import type { SupervisorSettings } from './supervisor.settings';

const bot = (id: string): DesiredBot => ({
  id,
  placementTag: null,
  stopping: false,
  cancelOrdersOnStop: true,
  actionIds: [],
});

describe('BotClaimer', () => {
  // the lease group as the claimer sees it: every bot free, every claim refused (so nothing
  // more than the attempt is needed here)
  const attempts: string[] = [];
  const leases = {
    unheld: (resources: string[]) => Promise.resolve(resources),
    tryAcquire: (resource: string) => {
      attempts.push(resource);
      return Promise.resolve(null);
    },
  } as unknown as LeaseGroup;
  const settings = { capacity: 100, workerId: 'w', host: 'h' } as SupervisorSettings;
  const claimer = (tooBusy: () => string | null) =>
    new BotClaimer(
      leases,
      {} as FencedWriter,
      {} as RuntimeFactory,
      new HeldBots(leases, {} as FencedWriter),
      settings,
      100,
      () => false,
      tooBusy,
    );

  beforeEach(() => attempts.splice(0));

  it('claims free bots up to the share', async () => {
    await claimer(() => null).claimFree([bot('a'), bot('b'), bot('c')], 2);
    expect(attempts).toHaveLength(2);
  });

  it('claims nothing while the worker is too busy, and goes on once it is not', async () => {
    let busy: string | null = 'event loop 300 ms late';
    const c = claimer(() => busy);
    await c.claimFree([bot('a'), bot('b')], 2);
    expect(attempts).toEqual([]);
    busy = null;
    await c.claimFree([bot('a'), bot('b')], 2);
    expect(attempts).toHaveLength(2);
  });
});
