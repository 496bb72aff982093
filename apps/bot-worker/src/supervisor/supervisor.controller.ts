import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { BotEvents, BotWorkerPatterns, type BotWorkerPingReply } from '@platform/contracts';
import { ServiceIdentity } from '@platform/service-kit';
import { SupervisorService } from './supervisor.service';

@Controller()
export class SupervisorController {
  constructor(
    private readonly identity: ServiceIdentity,
    private readonly supervisor: SupervisorService,
  ) {}

  @MessagePattern(BotWorkerPatterns.Ping)
  ping(): BotWorkerPingReply {
    return {
      ...this.identity.toPingReply(),
      service: 'bot-worker',
      desiredRunningBots: this.supervisor.desiredRunningBots,
      lastReconciledAt: this.supervisor.lastReconciledAt?.toISOString() ?? null,
      hintsReceived: this.supervisor.hintsReceived,
      heldBots: this.supervisor.heldBotIds(),
      fairShare: this.supervisor.share,
    };
  }

  @EventPattern(BotEvents.Changed)
  async botsChanged(): Promise<void> {
    await this.supervisor.onHint();
  }
}
