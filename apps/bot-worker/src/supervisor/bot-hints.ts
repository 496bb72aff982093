import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { BotEvents, type BotsChangedEvent, messageOf } from '@platform/contracts';

export const HINTS_CLIENT = Symbol('HINTS_CLIENT');

/** Publishes `bots.changed` hints to every bot-worker (at-most-once; the timer covers losses). */
@Injectable()
export class BotHints {
  private readonly logger = new Logger(BotHints.name);

  constructor(@Inject(HINTS_CLIENT) private readonly client: ClientProxy) {}

  publish(event: BotsChangedEvent): void {
    this.client.emit(BotEvents.Changed, event).subscribe({
      error: (error: unknown) => this.logger.warn(`hint not sent: ${messageOf(error)}`),
    });
  }
}
