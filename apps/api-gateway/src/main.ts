import 'reflect-metadata';
import { startService } from '@platform/service-kit';
import { AppModule } from './app/app.module';
import { gatewayEnv } from './config/gateway.env';

startService('api-gateway', gatewayEnv, (config) => ({
  module: AppModule.forRoot(config),
  httpPort: config.GATEWAY_HTTP_PORT,
}));
