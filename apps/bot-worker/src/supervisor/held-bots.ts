import { messageOf } from '@platform/contracts';
import { FieldLogger } from '@platform/service-kit';
import type { Lease, LeaseGroup } from '@platform/distributed-lock';
import { type FencedWriter, StaleFenceTokenError } from '@platform/persistence';
import type { BotRuntime } from '../runtime/bot-runtime';

/** Told when a bot leaves this worker (metrics). */
export interface HeldBotsListener {
  letGo(reason: string): void;
  stoppedHere(reason: string): void;
}

export interface HeldBot {
  lease: Lease;
  runtime: BotRuntime;
}

/**
 * The bots this worker runs now, by id, each under its lease, which the worker's LeaseGroup
 * renews (all of them in one call per renewal) and reports lost (`stopHere`). A bot
 * leaves in one of two ways: let go (`letGo`: its evaluation finishes, its release is recorded
 * and its lease given back, so another worker may claim it at once), or stopped here
 * (`stopHere`: its lease is lost or its claim superseded; at once, waiting for nobody).
 */
export class HeldBots {
  private readonly logger = new FieldLogger(HeldBots.name);
  private readonly bots = new Map<string, HeldBot>();
  /** `ids()` until a bot comes or goes: the same array, so callers can tell nothing changed. */
  private idList?: string[];

  constructor(
    private readonly leases: LeaseGroup,
    private readonly writer: FencedWriter,
    private readonly listener?: HeldBotsListener,
  ) {}

  get size(): number {
    return this.bots.size;
  }

  has(botId: string): boolean {
    return this.bots.has(botId);
  }

  get(botId: string): HeldBot | undefined {
    return this.bots.get(botId);
  }

  /** The held bots' ids; the same array while none came or went (treat it as read-only). */
  ids(): string[] {
    this.idList ??= [...this.bots.keys()];
    return this.idList;
  }

  runtimes(): BotRuntime[] {
    return [...this.bots.values()].map((held) => held.runtime);
  }

  /** Runs the bot under `lease` (the group's, which renews it) from now on. */
  add(botId: string, lease: Lease, runtime: BotRuntime): void {
    this.bots.set(botId, { lease, runtime });
    this.idList = undefined;
  }

  /** Stops the bot here and gives its lease back so another worker can claim it at once. */
  async letGo(botId: string, reason: string): Promise<void> {
    const held = this.bots.get(botId);
    if (!held) return;
    this.bots.delete(botId);
    this.idList = undefined;
    this.listener?.letGo(reason);
    this.leases.remove(held.lease.resource);
    // an evaluation under way finishes (2 s at most) before the lease goes; one that outlasts
    // that sends nothing more and its writes are refused once the next owner claims
    await held.runtime.stop();
    await this.writer.release(held.runtime.claim, reason).catch((error: unknown) => {
      if (!(error instanceof StaleFenceTokenError))
        this.logger.warn(`release of ${botId} not recorded: ${messageOf(error)}`, { bot: botId });
    });
    await this.leases.release(held.lease).catch(() => undefined);
  }

  /** The lease is gone or the claim superseded: stop at once, without waiting for anyone. */
  stopHere(botId: string, reason: string): void {
    const held = this.bots.get(botId);
    if (!held) return;
    void held.runtime.stop();
    this.leases.drop(held.lease);
    this.bots.delete(botId);
    this.idList = undefined;
    this.listener?.stoppedHere(reason);
    this.logger.warn(`stopped bot ${botId}: ${reason}`, { bot: botId });
  }
}
