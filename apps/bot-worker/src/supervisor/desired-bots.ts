import { type BotsRepository, type DesiredBot, withActions } from '@platform/persistence';

/** Even when nothing announced a change, the running bots are read again this often. */
const MAX_AGE_MS = 30_000;

/**
 * The bots that need an owner, for each reconcile pass (rule 1: Postgres is the truth). The
 * long list, the bots desired running, is read again only when `bots`' desired generation moved
 * (or it is 30 s old); the short one, settling bots and pending actions, on every pass. So a
 * pass costs a few rows, not one row per bot of the cluster, while nothing changes.
 */
export class DesiredBots {
  private cache?: { generation: string; running: DesiredBot[]; readAt: number };

  constructor(private readonly bots: BotsRepository) {}

  async read(): Promise<DesiredBot[]> {
    const [generation, { settling, actions }] = await Promise.all([
      this.bots.desiredGeneration(),
      this.bots.listSettling(),
    ]);
    const cache = this.cache;
    if (!cache || cache.generation !== generation || Date.now() - cache.readAt > MAX_AGE_MS) {
      // read after the generation: the list is at least as new as the generation it is filed under
      this.cache = { generation, running: await this.bots.listRunning(), readAt: Date.now() };
    }
    return withActions(this.cache?.running ?? [], settling, actions);
  }
}
