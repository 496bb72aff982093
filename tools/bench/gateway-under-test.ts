// The api-gateway the gateway benchmarks load: a built one on the bench's own stores with the
// rate limits out of the way (all the load comes from one address and one user), and that user.
import { ApiClient, httpGet, ServiceProcess } from '@platform/testing';
import type { BenchStores } from './bench-kit';
import { waitUntil } from './bench-wait';

const UNLIMITED = '100000000';

/**
 * A built api-gateway listening on `port`; `env` adds the benchmark's own settings. With
 * BENCH_CPU_PROF_DIR=<dir> in the bench's environment the gateway writes a V8 CPU profile
 * there when it stops (node --cpu-prof): what its routes cost.
 */
export function startGateway(
  stores: BenchStores,
  port: number,
  env: Record<string, string> = {},
): ServiceProcess {
  const profileDir = process.env['BENCH_CPU_PROF_DIR'];
  return ServiceProcess.start(
    'api-gateway',
    {
      ...stores.serviceEnv,
      GATEWAY_HTTP_PORT: String(port),
      RATE_LIMIT_PER_IP_PER_MIN: UNLIMITED,
      RATE_LIMIT_PER_USER_PER_MIN: UNLIMITED,
      ...env,
    },
    { nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] },
  );
}

/** Waits until the gateway on `port` answers /health/live; an exit ends the wait at once. */
export async function waitForLiveGateway(gateway: ServiceProcess, port: number): Promise<void> {
  await waitUntil(
    `the api-gateway on port ${port} to answer /health/live`,
    async () => (await httpGet(`http://127.0.0.1:${port}/health/live`, 3000)).status === 200,
    { timeoutMs: 60_000, processes: [gateway] },
  );
}

/** `email` signed up and in through `baseUrl`: a client for the set-up calls and its token. */
export async function signInBenchUser(
  baseUrl: string,
  email: string,
): Promise<{ api: ApiClient; token: string }> {
  const api = new ApiClient(baseUrl);
  return { api, token: await api.signIn(email, 'a long bench password') };
}
