import { type EnvSpec, type EnvValues } from './env-spec';
import { InvalidEnvironmentError, loadEnv } from './load-env';

/**
 * Set only by the test harness's preload module (libs/testing `harness-preload.cjs`, given to
 * node with `-r`): a production start (`node dist/apps/<app>/main.js`) never has it.
 */
export const TEST_HARNESS_MARK = Symbol.for('platform.test-harness');

export const startedByTestHarness = (): boolean =>
  (globalThis as Record<symbol, unknown>)[TEST_HARNESS_MARK] === true;

/**
 * Reads test-harness switches (crash points, fencing off for the chaos baseline, ...): only in
 * a process the harness started. Anywhere else each switch set to other than its default is
 * refused by name: one environment variable must never turn a safety property off.
 */
export function loadHarnessSwitches<S extends EnvSpec>(
  spec: S,
  environment: NodeJS.ProcessEnv = process.env,
  harness = startedByTestHarness(),
): EnvValues<S> {
  const values = loadEnv(spec, environment);
  if (harness) return values;
  const defaults = loadEnv(spec, {});
  const set = Object.keys(spec).filter((name) => values[name] !== defaults[name]);
  if (set.length > 0)
    throw new InvalidEnvironmentError(
      set.map((name) => `${name} is a test-harness switch: only the test harness may set it`),
    );
  return defaults;
}
