import { Module } from '@nestjs/common';
import { BotActivityController } from './bot-activity.controller';
import { BotActivityService } from './bot-activity.service';
import { BotActivityStore } from './bot-activity.store';
import { BotSignals } from './bot-signals';
import { BotsController } from './bots.controller';
import { BotsService } from './bots.service';
import { BotsStore } from './bots.store';

/** Users' bots and their activity. Needs DatabaseModule, PeersModule and LiveModule (global). */
@Module({
  controllers: [BotsController, BotActivityController],
  providers: [BotsService, BotsStore, BotSignals, BotActivityService, BotActivityStore],
})
export class BotsModule {}
