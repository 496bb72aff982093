import { idOf, type Ref, rowsOf, type SeedDb } from './seed-db';

export interface RuntimeSeed {
  workerId?: string;
  host?: string;
  fenceToken?: number;
  /** Claimed this long ago; now by default. */
  claimedSecondsAgo?: number;
  /** Last tick this long ago; now by default; null: it never ticked. */
  lastTickSecondsAgo?: number | null;
}

/**
 * The bot_runtime row of a bot that a worker holds (what a claim writes and each tick
 * refreshes), so the bot reads as running there without a worker. The bot's own fence_token is
 * left as it is. Times by Postgres' clock at the moment of the write (clock_timestamp).
 */
export async function seedRuntime(db: SeedDb, bot: Ref, seed: RuntimeSeed = {}): Promise<void> {
  await rowsOf(
    db,
    `INSERT INTO bot_runtime (bot_id, worker_id, host, fence_token, claimed_at, last_tick_at)
     VALUES ($1, $2, $3, $4, clock_timestamp() - make_interval(secs => $5::float8),
             clock_timestamp() - make_interval(secs => $6::float8))`,
    [
      idOf(bot),
      seed.workerId ?? 'worker-1',
      seed.host ?? 'host',
      seed.fenceToken ?? 1,
      seed.claimedSecondsAgo ?? 0,
      seed.lastTickSecondsAgo === undefined ? 0 : seed.lastTickSecondsAgo,
    ],
  );
}
