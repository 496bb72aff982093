import { seededRandom } from '@platform/exchange-sim';
import {
  EXCHANGE_FAULT_KINDS,
  EXCHANGE_FAULT_SPECS,
  exchangeFaultSchedule,
  withExchangeFault,
} from './exchange-faults';

describe('exchange faults', () => {
  it('schedules every kind once per round, in a seeded order', () => {
    const schedule = exchangeFaultSchedule(seededRandom(7));
    const round = Array.from({ length: EXCHANGE_FAULT_KINDS.length }, () => schedule.next().value);
    expect([...round].sort()).toEqual([...EXCHANGE_FAULT_KINDS].sort());
    const again = exchangeFaultSchedule(seededRandom(7));
    expect(round.map(() => again.next().value)).toEqual(round);
  });

  it("places the order but loses its answer in the order faults that test 'never twice'", () => {
    expect(EXCHANGE_FAULT_SPECS.order_5xx_executed).toMatchObject({
      path: '/api/v3/order',
      method: 'POST',
      kind: 'http5xx',
      execute: true,
    });
    expect(EXCHANGE_FAULT_SPECS.order_unknown_outcome.kind).toBe('unknownOutcome');
  });

  it('keeps the fault on for its time while the worker fault runs, then removes it', async () => {
    const added: unknown[] = [];
    const removed: number[] = [];
    const sim = {
      addFault: (spec: unknown) => (added.push(spec), { id: 4 }),
      faults: () => [{ id: 4, hits: 9 }],
      removeFault: (id: number) => (removed.push(id), true),
    };
    const ridden = await withExchangeFault(sim, 'force429', 20, async () => {
      expect(removed).toEqual([]);
      return 'worker fault';
    });
    expect(ridden).toEqual({ result: 'worker fault', hits: 9 });
    expect(added).toEqual([EXCHANGE_FAULT_SPECS.force429]);
    expect(removed).toEqual([4]);
  });
});
