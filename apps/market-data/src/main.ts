import 'reflect-metadata';
import { startService } from '@platform/service-kit';
import { AppModule } from './app/app.module';
import { marketDataEnv } from './config/market-data.env';

startService('market-data', marketDataEnv, (config) => ({
  module: AppModule.forRoot(config),
  httpPort: config.MARKET_DATA_HTTP_PORT,
}));
