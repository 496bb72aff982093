import type { Lease } from '@platform/distributed-lock';
import type { BotRuntime } from '../runtime/bot-runtime';

export interface HeldBot {
  lease: Lease;
  runtime: BotRuntime;
}

/** The bots this worker runs now, by id. */
export class HeldBots extends Map<string, HeldBot> {
  ids(): string[] {
    return [...this.keys()];
  }

  runtimes(): BotRuntime[] {
    return [...this.values()].map((held) => held.runtime);
  }
}
