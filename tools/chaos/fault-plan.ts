import type { Random } from '@platform/exchange-sim';
import { FAULT_KINDS, type FaultKind, type FaultMix } from './fault-kinds';
import { shuffle } from './random';

/** One round: every kind as often as the mix says, in random order. */
export function planRound(mix: FaultMix, random: Random): FaultKind[] {
  const faults = FAULT_KINDS.flatMap((kind) => Array<FaultKind>(mix[kind]).fill(kind));
  return shuffle(faults, random);
}

/**
 * Yields faults round after round. The first round always runs to its end, so every kind
 * in the mix is injected at least once however short the duration; after it, a new fault
 * starts only while time is left and fewer than `maxRounds` rounds (0: no limit) began.
 */
export function* faultSchedule(
  mix: FaultMix,
  random: Random,
  { maxRounds, timeLeft }: { maxRounds: number; timeLeft: () => boolean },
): Generator<FaultKind> {
  for (let round = 0; maxRounds === 0 || round < maxRounds; round++) {
    const faults = planRound(mix, random);
    if (faults.length === 0) return;
    for (const fault of faults) {
      if (round > 0 && !timeLeft()) return;
      yield fault;
    }
  }
}
