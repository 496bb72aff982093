/**
 * Draws from lists with the seeded generator (`seededRandom` of @platform/exchange-sim): the
 * same --seed picks the same fault kinds and targets, so a run that found something can be
 * repeated (timings still differ from run to run).
 */
import type { Random } from '@platform/exchange-sim';

export function pick<T>(items: readonly T[], random: Random): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(random() * items.length)];
}

export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
