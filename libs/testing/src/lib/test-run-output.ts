import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// A test run's record for the secrets check (issue 15): when TEST_RUN_DIR is set (the e2e
// globalSetup sets it), every child service's output is appended under it and every secret the
// tests hand out (passwords, API keys and secrets, session tokens, key rings) is listed in it;
// the globalTeardown then looks for each secret in all the output.

export const TEST_RUN_DIR_ENV = 'TEST_RUN_DIR';
const SECRETS_FILE = 'secrets.txt';
const OUTPUT_DIR = 'services';

// Shorter values (a wrong guess like "nope") could turn up in output by chance.
const MIN_SECRET_LENGTH = 8;

const runDir = (): string | undefined => process.env[TEST_RUN_DIR_ENV] || undefined;

// What this process has listed already: a session token is sent with every request.
const recorded = new Set<string>();

/** Adds secrets the test used to the run's list (nothing when no run directory is set). */
export function recordSecrets(...values: (string | undefined | null)[]): void {
  const dir = runDir();
  if (!dir) return;
  const kept = values.filter(
    (v): v is string =>
      typeof v === 'string' &&
      v.length >= MIN_SECRET_LENGTH &&
      !v.includes('\n') &&
      !recorded.has(`${dir}\0${v}`),
  );
  for (const value of kept) recorded.add(`${dir}\0${value}`);
  if (kept.length) appendFileSync(join(dir, SECRETS_FILE), kept.map((v) => `${v}\n`).join(''));
}

// Request and response fields that hold secrets, as the gateway's API names them.
const SECRET_FIELDS = new Set([
  'password',
  'currentPassword',
  'newPassword',
  'apiKey',
  'secret',
  'apiSecret',
  'passphrase',
  'token',
  'ticket',
]);

/** Records the values of secret fields (one level deep, as the API's bodies hold them). */
export function recordSecretFields(body: unknown): void {
  if (typeof body !== 'object' || body === null || !runDir()) return;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' && SECRET_FIELDS.has(key)) recordSecrets(value);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value))
      for (const [inner, v] of Object.entries(value))
        if (typeof v === 'string' && SECRET_FIELDS.has(inner)) recordSecrets(v);
  }
}

const SECRET_ENV = /KEY|SECRET|TOKEN|PASSWORD/;

/** Records the secret values of a service's environment: the whole value and each ring key. */
export function recordSecretEnv(env: Record<string, string>): void {
  if (!runDir()) return;
  for (const [name, value] of Object.entries(env)) {
    if (!SECRET_ENV.test(name) || !value) continue;
    // a key ring `k1:<base64>,k2:<base64>`: each key alone too
    recordSecrets(value, ...value.split(',').map((part) => part.slice(part.indexOf(':') + 1)));
  }
}

/** Where a child service's output goes in this run (undefined without a run directory). */
export function serviceOutputFile(service: string, pid: number | undefined): string | undefined {
  const dir = runDir();
  if (!dir) return undefined;
  mkdirSync(join(dir, OUTPUT_DIR), { recursive: true });
  return join(dir, OUTPUT_DIR, `${service}-${pid ?? 'unknown'}.log`);
}

export interface SecretLeak {
  /** The secret with all but its first 3 characters masked: the report must not leak it again. */
  secret: string;
  file: string;
  line: number;
}

export interface RunOutputCheck {
  secrets: number;
  files: number;
  bytes: number;
  leaks: SecretLeak[];
}

const mask = (secret: string) => `${secret.slice(0, 3)}${'*'.repeat(secret.length - 3)}`;

/** Looks for every recorded secret in every service output file of the run in `dir`. */
export function checkRunOutput(dir: string): RunOutputCheck {
  const secretsFile = join(dir, SECRETS_FILE);
  const secrets = existsSync(secretsFile)
    ? [...new Set(readFileSync(secretsFile, 'utf8').split('\n').filter(Boolean))]
    : [];
  const outputDir = join(dir, OUTPUT_DIR);
  const files = existsSync(outputDir) ? readdirSync(outputDir).sort() : [];
  const leaks: SecretLeak[] = [];
  let bytes = 0;
  for (const name of files) {
    const text = readFileSync(join(outputDir, name), 'utf8');
    bytes += text.length;
    for (const secret of secrets) {
      const at = text.indexOf(secret);
      if (at < 0) continue;
      const line = text.slice(0, at).split('\n').length;
      leaks.push({ secret: mask(secret), file: join(OUTPUT_DIR, name), line });
    }
  }
  return { secrets: secrets.length, files: files.length, bytes, leaks };
}
