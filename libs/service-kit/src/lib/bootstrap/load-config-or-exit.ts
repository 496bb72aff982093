import type { EnvSpec, EnvValues } from '../config/env-spec';
import { InvalidEnvironmentError, loadEnv } from '../config/load-env';

/**
 * Reads the service's environment; on any problem prints one line per bad variable and
 * exits with status 1 before anything connects anywhere.
 */
export function loadConfigOrExit<S extends EnvSpec>(
  service: string,
  spec: S,
  load: (spec: S) => EnvValues<S> = (s) => loadEnv(s),
): EnvValues<S> {
  try {
    return load(spec);
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    console.error(`${service}: refusing to start, the configuration is invalid:`);
    for (const problem of error.problems) console.error(`${service}: ${problem}`);
    console.error(`${service}: see .env.example for every variable`);
    process.exit(1);
  }
}
