import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import {
  BotEvents,
  type BotLiveStatus,
  type BotsChangedEvent,
  botStatusEvent,
} from '@platform/contracts';
import { LivePublisher } from '@platform/service-kit';
import { BOT_WORKER_CLIENT } from '../peers/peer-clients';

/**
 * After a change is committed: the `bots.changed` hint, so bot-workers and market-data
 * reconcile now instead of at their next timer (docs/architecture.md rule 1: a lost hint costs latency only), and
 * a `bot.status` live event for the owner's dashboards.
 */
@Injectable()
export class BotSignals {
  private readonly logger = new Logger('bots');

  constructor(
    @Inject(BOT_WORKER_CLIENT) private readonly transport: ClientProxy,
    private readonly live: LivePublisher,
  ) {}

  changed(userId: string, botId: string, reason: string, status: BotLiveStatus): void {
    this.hint(botId, reason);
    this.live.publish(userId, botStatusEvent(botId, status));
  }

  /** Only the `bots.changed` hint: the bot's workers reconcile now. */
  hint(botId: string, reason: string): void {
    const hint: BotsChangedEvent = { botIds: [botId], reason };
    this.transport.emit(BotEvents.Changed, hint).subscribe({
      error: (error: unknown) =>
        this.logger.warn(
          `bots.changed hint not sent: ${error instanceof Error ? error.message : error}`,
        ),
    });
  }
}
