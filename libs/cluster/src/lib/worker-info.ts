/** What a live bot-worker says about itself in the registry. */
export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  /** Most bots it will run. */
  capacity: number;
  /** Placement tags, e.g. `region=sp`; a bot that requires a tag runs only on workers with it. */
  tags: string[];
  /** ISO-8601 */
  startedAt: string;
  /** The bots it runs now (as of its last heartbeat). */
  botIds: string[];
  /**
   * Its lease session (`LeaseGroup`): its bots are free once this has expired, even while
   * its registry entry lingers.
   */
  leaseSession?: string;
}
