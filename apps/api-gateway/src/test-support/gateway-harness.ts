import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadEnv } from '@platform/service-kit';
import { ApiClient } from '@platform/testing';
import { AppModule } from '../app/app.module';
import { gatewayEnv } from '../config/gateway.env';
import { configureHttp } from '../http/configure-http';
import { CapturedLogs } from './captured-logs';

export interface GatewayUnderTest {
  app: INestApplication;
  api: ApiClient;
  logs: CapturedLogs;
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
  const app = moduleRef.createNestApplication({ logger: logs, forceCloseConnections: true });
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    api: new ApiClient(`http://127.0.0.1:${address.port}`),
    logs,
    close: () => app.close(),
  };
}
