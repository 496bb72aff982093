import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadEnv } from '@platform/service-kit';
import { ApiClient } from '@platform/testing';
import { AppModule } from '../app/app.module';
import { gatewayEnv } from '../config/gateway.env';
import { configureHttp } from '../http/configure-http';
import { createGatewayAdapter } from '../http/gateway-adapter';
import { CapturedLogs } from './captured-logs';

/** A route as the HTTP server registered it (method in lower case, path as declared). */
export interface ServedRoute {
  method: string;
  path: string;
}

export interface GatewayUnderTest {
  app: INestApplication;
  api: ApiClient;
  logs: CapturedLogs;
  /** Every route the server registered, seen by Fastify's onRoute hook (not the route registry). */
  routes: ServedRoute[];
  close(): Promise<void>;
}

/**
 * The gateway in this process, wired exactly as main.ts wires it (same root module, same HTTP
 * configuration), listening on a free port, against the Postgres and Redis given in `env`.
 * The Redis transport listener is left out: the gateway only sends over it.
 */
export async function startGateway(env: Record<string, string>): Promise<GatewayUnderTest> {
  const config = loadEnv(gatewayEnv, {
    HTTP_HOST: '127.0.0.1',
    TRANSPORT_TIMEOUT_MS: '1000',
    ...env,
  });
  const logs = new CapturedLogs();
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
  }).compile();
  const adapter = createGatewayAdapter(config);
  const routes: ServedRoute[] = [];
  adapter.getInstance().addHook('onRoute', ({ method, url }) => {
    for (const one of [method].flat()) routes.push({ method: one.toLowerCase(), path: url });
  });
  const app = moduleRef.createNestApplication(adapter, {
    logger: logs,
    forceCloseConnections: true,
  });
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    api: new ApiClient(`http://127.0.0.1:${address.port}`),
    logs,
    routes,
    close: () => app.close(),
  };
}
