import type { ServiceName } from '@platform/contracts';
import { freePort, ServiceProcess } from '@platform/testing';

/** HTTP port variable of each service. */
export const portVariable: Record<ServiceName, string> = {
  'api-gateway': 'GATEWAY_HTTP_PORT',
  'bot-worker': 'BOT_WORKER_HTTP_PORT',
  'market-data': 'MARKET_DATA_HTTP_PORT',
};

export interface RunningService {
  process: ServiceProcess;
  port: number;
  /** `http://127.0.0.1:<port>`, for an `ApiClient`. */
  baseUrl: string;
  url(path: string): string;
}

/** Starts one service as a real process on a spare port, against the given Postgres and Redis. */
export async function startService(
  service: ServiceName,
  deps: { databaseUrl: string; redisUrl: string },
  extraEnv: Record<string, string> = {},
): Promise<RunningService> {
  const port = await freePort();
  const process = ServiceProcess.start(service, {
    DATABASE_URL: deps.databaseUrl,
    REDIS_URL: deps.redisUrl,
    HTTP_HOST: '127.0.0.1',
    [portVariable[service]]: String(port),
    HEALTH_CHECK_TIMEOUT_MS: '1000',
    TRANSPORT_TIMEOUT_MS: '1000',
    // the ownership specs audit each bot's fenced heartbeat rows
    ...(service === 'bot-worker' ? { BOT_HEARTBEAT_HISTORY: 'true' } : {}),
    ...extraEnv,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return { process, port, baseUrl, url: (path) => `${baseUrl}${path}` };
}
