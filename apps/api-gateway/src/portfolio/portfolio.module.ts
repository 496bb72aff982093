import { Module } from '@nestjs/common';
import { EquityStore, PortfolioStore } from '@platform/persistence';
import { PortfolioController } from './portfolio.controller';
import { PortfolioService } from './portfolio.service';

/**
 * All of a user's bots at a glance, and their equity over time. Needs PersistenceModule,
 * PeersModule and AuthModule (global).
 */
@Module({
  controllers: [PortfolioController],
  providers: [PortfolioService, PortfolioStore, EquityStore],
})
export class PortfolioModule {}
