import type { BotsRepository } from '@platform/persistence';
import { SupervisorService } from './supervisor.service';

/** A repository whose answers the test releases by hand. */
class GatedBots {
  calls = 0;
  value = 0;
  private gates: (() => void)[] = [];
  countDesiredRunning = () => {
    this.calls += 1;
    return new Promise<number>((resolve) => this.gates.push(() => resolve(this.value)));
  };
  releaseAll() {
    const gates = this.gates;
    this.gates = [];
    gates.forEach((open) => open());
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SupervisorService.reconcile', () => {
  it('coalesces hints that arrive during a pass into exactly one more pass', async () => {
    const bots = new GatedBots();
    const supervisor = new SupervisorService(bots as unknown as BotsRepository, 60000);

    const first = supervisor.reconcile();
    void supervisor.onHint();
    void supervisor.onHint();
    void supervisor.onHint();
    expect(bots.calls).toBe(1); // one pass at a time

    bots.value = 4;
    bots.releaseAll();
    await first;
    await flush();
    expect(bots.calls).toBe(2); // the three hints became one follow-up pass

    bots.value = 5;
    bots.releaseAll();
    await flush();
    expect(supervisor.desiredRunningBots).toBe(5);
    expect(supervisor.hintsReceived).toBe(3);
    expect(supervisor.lastReconciledAt).toBeInstanceOf(Date);
  });

  it('keeps its last view when Postgres fails', async () => {
    let fail = false;
    const bots = {
      countDesiredRunning: async () => (fail ? Promise.reject(new Error('down')) : 7),
    };
    const supervisor = new SupervisorService(bots as unknown as BotsRepository, 60000);
    await supervisor.reconcile();
    fail = true;
    await supervisor.reconcile();
    expect(supervisor.desiredRunningBots).toBe(7);
  });
});
