import { seededRandom } from '@platform/exchange-sim';
import { FAULT_KINDS, type FaultMix } from './fault-kinds';
import { faultSchedule, planRound } from './fault-plan';
import { shuffle } from './random';

const mixOf = (n: number): FaultMix =>
  Object.fromEntries(FAULT_KINDS.map((kind) => [kind, n])) as FaultMix;

describe('planRound', () => {
  it('holds every kind as often as the mix says', () => {
    const round = planRound({ ...mixOf(1), kill_9: 3, redis_restart: 0 }, seededRandom(1));
    expect(round).toHaveLength(3 + 5);
    expect(round.filter((k) => k === 'kill_9')).toHaveLength(3);
    expect(round).not.toContain('redis_restart');
  });

  it('is the same for the same seed', () => {
    expect(planRound(mixOf(2), seededRandom(9))).toEqual(planRound(mixOf(2), seededRandom(9)));
  });
});

describe('faultSchedule', () => {
  it('always finishes the first round, even with no time left', () => {
    const faults = [
      ...faultSchedule(mixOf(1), seededRandom(1), { maxRounds: 0, timeLeft: () => false }),
    ];
    expect([...faults].sort()).toEqual([...FAULT_KINDS].sort());
  });

  it('goes on while time is left, up to maxRounds', () => {
    const faults = [
      ...faultSchedule(mixOf(1), seededRandom(1), { maxRounds: 3, timeLeft: () => true }),
    ];
    expect(faults).toHaveLength(3 * FAULT_KINDS.length);
  });

  it('stops mid-round once time is up', () => {
    let calls = 0;
    const timeLeft = () => ++calls <= 2;
    const faults = [...faultSchedule(mixOf(1), seededRandom(1), { maxRounds: 0, timeLeft })];
    expect(faults).toHaveLength(FAULT_KINDS.length + 2);
  });

  it('yields nothing for an empty mix', () => {
    expect([
      ...faultSchedule(mixOf(0), seededRandom(1), { maxRounds: 0, timeLeft: () => true }),
    ]).toEqual([]);
  });
});

describe('seededRandom', () => {
  it('gives numbers in [0, 1) and a permutation when shuffling', () => {
    const random = seededRandom(123);
    for (let i = 0; i < 1000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(shuffle([1, 2, 3, 4, 5], random).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
