import { Module } from '@nestjs/common';
import { PortfolioController } from './portfolio.controller';
import { PortfolioService } from './portfolio.service';
import { PortfolioStore } from './portfolio.store';

/** All of a user's bots at a glance. Needs DatabaseModule, PeersModule and AuthModule (global). */
@Module({
  controllers: [PortfolioController],
  providers: [PortfolioService, PortfolioStore],
})
export class PortfolioModule {}
