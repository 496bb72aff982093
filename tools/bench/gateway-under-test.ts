// The api-gateway the gateway benchmarks load: a built one on the bench's own stores with the
// rate limits out of the way (all the load comes from one address and one user), and that user.
import { ApiClient, ServiceProcess } from '@platform/testing';
import type { BenchStores } from './bench-kit';

const UNLIMITED = '100000000';

/** A built api-gateway listening on `port`; `env` adds the benchmark's own settings. */
export function startGateway(
  stores: BenchStores,
  port: number,
  env: Record<string, string> = {},
): ServiceProcess {
  return ServiceProcess.start('api-gateway', {
    ...stores.serviceEnv,
    GATEWAY_HTTP_PORT: String(port),
    RATE_LIMIT_PER_IP_PER_MIN: UNLIMITED,
    RATE_LIMIT_PER_USER_PER_MIN: UNLIMITED,
    ...env,
  });
}

/** `email` signed up and in through `baseUrl`: a client for the set-up calls and its token. */
export async function signInBenchUser(
  baseUrl: string,
  email: string,
): Promise<{ api: ApiClient; token: string }> {
  const api = new ApiClient(baseUrl);
  return { api, token: await api.signIn(email, 'a long bench password') };
}
