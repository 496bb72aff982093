import { Module } from '@nestjs/common';
import { PortfolioStore } from '@platform/persistence';
import { PortfolioController } from './portfolio.controller';
import { PortfolioService } from './portfolio.service';

/** All of a user's bots at a glance. Needs PersistenceModule, PeersModule and AuthModule (global). */
@Module({
  controllers: [PortfolioController],
  providers: [PortfolioService, PortfolioStore],
})
export class PortfolioModule {}
