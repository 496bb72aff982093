import { messageOf } from '@platform/contracts';
import { Logger } from '@nestjs/common';
import type { TradingRepository } from '@platform/persistence';
import type { HeldBots } from './held-bots';

/**
 * Marks every held bot alive in one statement (`bot_runtime.last_tick_at`: what `GET /cluster`
 * and the API show as its last tick); a bot whose claim was superseded meanwhile is stopped.
 */
export class AliveMarks {
  private readonly logger = new Logger(AliveMarks.name);

  constructor(
    private readonly trading: TradingRepository,
    private readonly held: HeldBots,
  ) {}

  async mark(): Promise<void> {
    try {
      const superseded = await this.trading.touch(this.held.runtimes().map((r) => r.claim));
      for (const botId of superseded) this.held.stopHere(botId, 'claim superseded');
    } catch (error) {
      this.logger.warn(`marking bots alive failed: ${messageOf(error)}`);
    }
  }
}
