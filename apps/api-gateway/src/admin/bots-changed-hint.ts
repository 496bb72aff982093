import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { BotEvents, type BotsChangedEvent } from '@platform/contracts';
import { BOT_WORKER_CLIENT } from '../peers/peer-clients';

/**
 * One `bots.changed` hint for many bots at once (a disabled user's), after the commit: the
 * workers reconcile now rather than at their next timer. At most once, like every hint: a
 * lost one costs latency, never correctness (docs/architecture.md rule 1).
 */
@Injectable()
export class BotsChangedHint {
  private readonly logger = new Logger('admin');

  constructor(@Inject(BOT_WORKER_CLIENT) private readonly transport: ClientProxy) {}

  send(botIds: string[], reason: string): void {
    if (botIds.length === 0) return;
    const hint: BotsChangedEvent = { botIds, reason };
    this.transport.emit(BotEvents.Changed, hint).subscribe({
      error: (error: unknown) =>
        this.logger.warn(
          `bots.changed hint not sent: ${error instanceof Error ? error.message : error}`,
        ),
    });
  }
}
