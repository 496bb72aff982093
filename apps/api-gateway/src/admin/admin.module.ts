import { type DynamicModule, Module } from '@nestjs/common';
import { AdminUsersStore, LiveBotAccountsStore } from '@platform/persistence';
import { BotsVersions } from '../bots/bots-versions';
import { AdminBudgetsController } from './admin-budgets.controller';
import {
  AdminBudgetsService,
  WEIGHT_BUDGET_LIMITS,
  type WeightBudgetLimits,
} from './admin-budgets.service';
import { AdminController } from './admin.controller';
import { AdminUsersService } from './admin-users.service';
import { BotsChangedHint } from './bots-changed-hint';
import { UserStatusService } from './user-status.service';

/**
 * Admins' API over users and the exchange budgets. Needs PersistenceModule, GatewayRedisModule,
 * PeersModule and AuthModule (global). `weightBudgets`: EXCHANGE_WEIGHT_BUDGETS, as the spenders have it.
 */
@Module({})
export class AdminModule {
  static forRoot(options: { weightBudgets: WeightBudgetLimits }): DynamicModule {
    return {
      module: AdminModule,
      controllers: [AdminController, AdminBudgetsController],
      providers: [
        AdminUsersService,
        AdminUsersStore,
        UserStatusService,
        BotsVersions,
        BotsChangedHint,
        AdminBudgetsService,
        LiveBotAccountsStore,
        { provide: WEIGHT_BUDGET_LIMITS, useValue: options.weightBudgets },
      ],
    };
  }
}
