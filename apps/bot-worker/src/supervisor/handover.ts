import { canRun, fairShare, type WorkerInfo } from '@platform/cluster';
import type { DesiredBot } from '@platform/persistence';
import { shuffled } from './shuffled';

export interface HandoverInput {
  desired: DesiredBot[];
  workers: WorkerInfo[];
  workerId: string;
  /** The bots this worker holds now: more than its share. */
  heldIds: string[];
  share: number;
}

/**
 * Over the share: the bots to hand to workers below theirs, a few per pass (a joining worker
 * fills up gradually, no stampede). Only bots an underloaded worker may run (tags) are handed
 * over, and only as many as those workers lack, so bots never bounce between full workers.
 */
export function botsToHandOver({ desired, workers, workerId, heldIds, share }: HandoverInput) {
  const lacking = new Map(
    workers
      .filter((w) => w.id !== workerId)
      .map((w) => [w, fairShare(desired, workers, w) - w.botIds.length] as const)
      .filter(([, missing]) => missing > 0),
  );
  if (lacking.size === 0) return [];
  const byId = new Map(desired.map((bot) => [bot.id, bot]));
  const movable = heldIds.filter((id) => {
    const bot = byId.get(id);
    return bot !== undefined && [...lacking.keys()].some((w) => canRun(w, bot));
  });
  const totalLacking = [...lacking.values()].reduce((a, b) => a + b, 0);
  const count = Math.min(heldIds.length - share, totalLacking, Math.max(1, Math.ceil(share / 10)));
  return shuffled(movable).slice(0, count);
}
