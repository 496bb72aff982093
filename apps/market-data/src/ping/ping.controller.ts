import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { BotEvents, MarketDataPatterns, type MarketDataPingReply } from '@platform/contracts';
import { ServiceIdentity } from '@platform/service-kit';
import { FeedsService } from '../feeds/feeds.service';

@Controller()
export class PingController {
  constructor(
    private readonly identity: ServiceIdentity,
    private readonly feeds: FeedsService,
  ) {}

  @MessagePattern(MarketDataPatterns.Ping)
  ping(): MarketDataPingReply {
    return {
      ...this.identity.toPingReply(),
      service: 'market-data',
      feeds: this.feeds.heldFeeds(),
      feedSources: this.feeds.report().feeds,
    };
  }

  /** Bots started or stopped: the set of feeds may have changed. */
  @EventPattern(BotEvents.Changed)
  async botsChanged(): Promise<void> {
    await this.feeds.refresh();
  }
}
