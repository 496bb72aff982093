import { Module } from '@nestjs/common';
import { CandlesService } from './candles.service';
import { MarketController } from './market.controller';

/** Tickers and candles through market-data. Needs PeersModule (global). */
@Module({ controllers: [MarketController], providers: [CandlesService] })
export class MarketModule {}
