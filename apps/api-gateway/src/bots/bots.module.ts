import { type DynamicModule, Module } from '@nestjs/common';
import { BotActionsStore, BotActivityStore, BotsStore, EquityStore } from '@platform/persistence';
import { BotActionsController } from './bot-actions.controller';
import { BotActionsService } from './bot-actions.service';
import { BotActivityController } from './bot-activity.controller';
import { BotActivityService } from './bot-activity.service';
import { BotEquityController } from './bot-equity.controller';
import { BOTS_LIST_CACHE_MS, BotListCache } from './bot-list-cache';
import { BotSignals } from './bot-signals';
import { BotsController } from './bots.controller';
import { BotsService } from './bots.service';
import { BotsVersions } from './bots-versions';

/**
 * Users' bots and their activity. Needs PersistenceModule, GatewayRedisModule, PeersModule,
 * LiveModule and AuthModule (global). `listCacheMs`: how long GET /bots pages live in this
 * process (0: off).
 */
@Module({})
export class BotsModule {
  static forRoot(options: { listCacheMs: number }): DynamicModule {
    return {
      module: BotsModule,
      controllers: [
        BotsController,
        BotActivityController,
        BotEquityController,
        BotActionsController,
      ],
      providers: [
        BotsService,
        BotsStore,
        BotSignals,
        BotsVersions,
        BotListCache,
        { provide: BOTS_LIST_CACHE_MS, useValue: options.listCacheMs },
        BotActivityService,
        BotActivityStore,
        EquityStore,
        BotActionsService,
        BotActionsStore,
      ],
      // backtests make bots through the same service (POST /backtests/{id}/bot)
      exports: [BotsService],
    };
  }
}
