import type { WorkerInfo } from './worker-info';

export interface PlaceableBot {
  id: string;
  placementTag: string | null;
}

export const canRun = (worker: Pick<WorkerInfo, 'tags'>, bot: PlaceableBot): boolean =>
  bot.placementTag === null || worker.tags.includes(bot.placementTag);

/**
 * How many bots `me` should hold so that bots spread evenly: each bot counts 1/k towards every
 * one of the k live workers allowed to run it (placement tags), rounded up, capped by capacity.
 * With no tags this is ceil(bots / workers).
 */
export function fairShare(
  bots: PlaceableBot[],
  workers: Pick<WorkerInfo, 'id' | 'tags' | 'capacity'>[],
  me: Pick<WorkerInfo, 'id' | 'tags' | 'capacity'>,
): number {
  const everyone = workers.some((w) => w.id === me.id) ? workers : [...workers, me];
  // who may run a bot depends on its placement tag alone: counted once per tag, not per bot
  // (10,000 bots on every reconcile pass)
  const allowedByTag = new Map<string | null, number>();
  let share = 0;
  for (const bot of bots) {
    if (!canRun(me, bot)) continue;
    let allowed = allowedByTag.get(bot.placementTag);
    if (allowed === undefined) {
      allowed = everyone.filter((w) => canRun(w, bot)).length;
      allowedByTag.set(bot.placementTag, allowed);
    }
    share += 1 / allowed;
  }
  // (the tolerance absorbs floating-point error from summing many 1/k)
  return Math.min(me.capacity, Math.max(0, Math.ceil(share - 1e-6)));
}
