import { messageOf } from '@platform/contracts';
import type { ServiceName } from '@platform/contracts';
import type { commonEnv } from '../config/common-env';
import type { EnvSpec, EnvValues } from '../config/env-spec';
import { loadConfigOrExit } from './load-config-or-exit';
import { type RunServiceOptions, runService } from './run-service';

type ServiceEnvSpec = typeof commonEnv & EnvSpec;

/**
 * A service's whole `main`: validate the environment (exit 1 naming each bad variable), build
 * the root module from the typed config, run it; a failure to start is one clear line.
 */
export function startService<S extends ServiceEnvSpec>(
  service: ServiceName,
  spec: S,
  build: (config: EnvValues<S>) => {
    module: RunServiceOptions['module'];
    httpPort: number;
    httpAdapter?: RunServiceOptions['httpAdapter'];
    configureHttp?: RunServiceOptions['configureHttp'];
    idleConnectionsOnDrain?: RunServiceOptions['idleConnectionsOnDrain'];
  },
): void {
  const config = loadConfigOrExit(service, spec);
  // S extends the common spec, so these values are there; TypeScript cannot see through the
  // mapped type of a generic.
  const common = config as unknown as EnvValues<typeof commonEnv>;
  const { module, httpPort, httpAdapter, configureHttp, idleConnectionsOnDrain } = build(config);
  runService({
    service,
    module,
    http: { host: common.HTTP_HOST, port: httpPort },
    redisUrl: common.REDIS_URL,
    logLevel: common.LOG_LEVEL,
    logFormat: common.LOG_FORMAT,
    shutdownTimeoutMs: common.SHUTDOWN_TIMEOUT_MS,
    httpAdapter,
    configureHttp,
    idleConnectionsOnDrain,
  }).catch((error: unknown) => {
    console.error(`${service}: failed to start: ${messageOf(error)}`);
    process.exit(1);
  });
}
