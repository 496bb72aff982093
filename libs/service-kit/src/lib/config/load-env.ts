import { messageOf } from '@platform/contracts';
import type { EnvSpec, EnvValues } from './env-spec';

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/**
 * Hides `user:password@` and `...password=` parameters in text that `URL` cannot parse (a
 * Sentinel URL lists several hosts).
 */
const maskCredentials = (raw: string): string =>
  raw.replace(/(\/\/[^/@:]*:)[^@/]*@/, '$1***@').replace(/(password=)[^&#]*/gi, '$1***');

/** Shows a value in an error without leaking credentials. */
function describeValue(raw: string, secret: boolean | undefined): string {
  if (secret) return '(value hidden)';
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return JSON.stringify(maskCredentials(url.protocol.length > 1 ? url.toString() : raw));
  } catch {
    const masked = maskCredentials(raw);
    return JSON.stringify(masked.length > 80 ? `${masked.slice(0, 77)}...` : masked);
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
