import { Module } from '@nestjs/common';
import { MarketController } from './market.controller';

/** Tickers and candles through market-data. Needs PeersModule (global). */
@Module({ controllers: [MarketController] })
export class MarketModule {}
