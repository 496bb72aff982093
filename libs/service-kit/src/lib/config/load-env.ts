import { messageOf } from '@platform/contracts';
import type { EnvSpec, EnvValues } from './env-spec';

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Shows a value in an error without leaking credentials. */
function describeValue(raw: string, secret: boolean | undefined): string {
  if (secret) return '(value hidden)';
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return JSON.stringify(url.protocol.length > 1 ? url.toString() : raw);
  } catch {
    return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw);
  }
}

/** Reads every variable of `spec` from `source`; throws one error that lists all problems. */
export function loadEnv<S extends EnvSpec>(
  spec: S,
  source: NodeJS.ProcessEnv = process.env,
): EnvValues<S> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(spec)) {
    const given = source[name];
    const raw = given === undefined || given.trim() === '' ? variable.defaultValue : given.trim();
    if (raw === undefined) {
      problems.push(`${name} is missing: ${variable.description}`);
      continue;
    }
    try {
      values[name] = variable.parse(raw);
    } catch (error) {
      const reason = messageOf(error);
      problems.push(
        `${name}=${describeValue(raw, variable.secret)} ${reason} (${variable.description})`,
      );
    }
  }
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return values as EnvValues<S>;
}
