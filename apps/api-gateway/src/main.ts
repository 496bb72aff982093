import 'reflect-metadata';
import { startService } from '@platform/service-kit';
import { AppModule } from './app/app.module';
import { gatewayEnv } from './config/gateway.env';
import { configureHttp } from './http/configure-http';
import { createGatewayAdapter } from './http/gateway-adapter';

startService('api-gateway', gatewayEnv, (config) => ({
  module: AppModule.forRoot(config),
  httpPort: config.GATEWAY_HTTP_PORT,
  httpAdapter: () => createGatewayAdapter(config),
  configureHttp: (app) => configureHttp(app, config),
  // nginx reuses its connections to the gateways: a stopping gateway lets them end by themselves
  idleConnectionsOnDrain: 'wait',
}));
