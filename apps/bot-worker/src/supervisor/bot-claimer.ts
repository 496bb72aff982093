import { messageOf } from '@platform/contracts';
import { FieldLogger } from '@platform/service-kit';
import type { LeaseGroup } from '@platform/distributed-lock';
import type { DesiredBot, FencedWriter, NewClaim } from '@platform/persistence';
import type { RuntimeFactory } from '../engine/runtime-factory';
import type { HeldBots } from './held-bots';
import { shuffled } from './shuffled';
import { botLeases, type SupervisorSettings } from './supervisor.settings';

/** Free bots seen this many passes in a row are claimed even beyond the fair share. */
const ORPHAN_PASSES = 3;
const CLAIM_CONCURRENCY = 8;

/**
 * Claims free bots for this worker: the lease first, then a new fencing token
 * (`FencedWriter.claim`), then the bot's runtime. Up to the fair share, and beyond it for bots
 * nobody has taken for a few passes, so a miscounted registry never leaves a bot orphaned.
 */
export class BotClaimer {
  private readonly logger = new FieldLogger(BotClaimer.name);
  private readonly freeStreak = new Map<string, number>();

  constructor(
    private readonly leases: LeaseGroup,
    private readonly writer: FencedWriter,
    private readonly runtimes: RuntimeFactory,
    private readonly held: HeldBots,
    private readonly settings: SupervisorSettings,
    /** Stop acting this long before a lease's deadline. */
    private readonly safetyMarginMs: number,
    /** True once the worker is stopping: nothing more is claimed. */
    private readonly stopping: () => boolean,
    /** Why not to claim more just now (the worker is behind: see LoopLag), or null. */
    private readonly tooBusy: () => string | null = () => null,
    /** Told about each claim that started a bot (metrics). */
    private readonly claimed: (claim: NewClaim) => void = () => undefined,
  ) {}

  /** Claims free bots among `wanted` until this worker holds `share` (see above). */
  async claimFree(wanted: DesiredBot[], share: number): Promise<void> {
    const candidates = wanted.filter((bot) => !this.held.has(bot.id));
    const free = new Set(await this.leases.unheld(candidates.map((bot) => botLeases.of(bot.id))));
    for (const botId of [...this.freeStreak.keys()])
      if (!free.has(botLeases.of(botId))) this.freeStreak.delete(botId);

    const toClaim: DesiredBot[] = [];
    for (const bot of shuffled(candidates.filter((b) => free.has(botLeases.of(b.id))))) {
      if (this.held.size + toClaim.length >= this.settings.capacity) break;
      const streak = (this.freeStreak.get(bot.id) ?? 0) + 1;
      this.freeStreak.set(bot.id, streak);
      // Over the share only for bots nobody has taken for a while: no bot stays orphaned.
      if (this.held.size + toClaim.length >= share && streak < ORPHAN_PASSES) continue;
      toClaim.push(bot);
    }
    // A few claims at a time: taking over a dead worker's hundred bots should not be serial.
    // A worker falling behind pauses (the next pass goes on): see LoopLag.
    let paused: string | null = null;
    const lanes = Array.from({ length: CLAIM_CONCURRENCY }, async () => {
      for (
        let bot = toClaim.shift();
        bot !== undefined && !this.stopping() && !(paused ??= this.tooBusy());
        bot = toClaim.shift()
      ) {
        const { id } = bot;
        await this.tryClaim(bot).catch((error: unknown) =>
          this.logger.warn(`claim of ${id} failed: ${messageOf(error)}`, { bot: id }),
        );
      }
    });
    await Promise.all(lanes);
    if (paused)
      this.logger.warn(`claiming paused, ${toClaim.length} bots left for later: ${paused}`);
  }

  private async tryClaim({
    id: botId,
    stopping,
    cancelOrdersOnStop,
    actionIds,
  }: DesiredBot): Promise<void> {
    const lease = await this.leases.tryAcquire(botLeases.of(botId));
    if (!lease) return;
    this.freeStreak.delete(botId);
    const claim = await this.writer
      .claim(botId, this.settings.workerId, this.settings.host)
      .catch(async (error: unknown) => {
        await this.leases.release(lease);
        throw error;
      });
    if (!claim || this.stopping() || !lease.isValid(this.safetyMarginMs)) {
      // (a claim that waited too long may have outlived its lease: start nothing on it)
      await this.leases.release(lease);
      return;
    }
    const runtime = this.runtimes.create(
      claim,
      lease,
      this.safetyMarginMs,
      (superseded, reason) => {
        // only if it is still this runtime: a late refusal must not stop a newer claim
        if (this.held.get(botId)?.runtime === superseded) this.held.stopHere(botId, reason);
      },
    );
    this.held.add(botId, lease, runtime);
    if (stopping) runtime.windDown(cancelOrdersOnStop);
    if (actionIds.length > 0) runtime.act(actionIds);
    runtime.start();
    this.claimed(claim);
    this.logger.debug(`claimed bot ${botId} with token ${claim.fenceToken}`, { bot: botId });
  }
}
