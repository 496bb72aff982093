import { Module } from '@nestjs/common';
import { UserRiskLimitsStore } from '@platform/persistence';
import { RiskLimitsController } from './risk-limits.controller';

/** GET and PUT /risk-limits: a user's own limits across their bots. Needs PersistenceModule. */
@Module({ controllers: [RiskLimitsController], providers: [UserRiskLimitsStore] })
export class RiskLimitsModule {}
