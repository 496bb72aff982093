// The master key that seals users' exchange API keys. ENCRYPTION_KEYS if set; otherwise one
// made on the first run and kept in .data/encryption-keys (owner-only), so keys added in the
// demo still open after a restart. Back that file up: without it the stored keys are lost.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { say } from './log.mjs';

export function resolveEncryptionKeys(root) {
  if (process.env.ENCRYPTION_KEYS) return { ENCRYPTION_KEYS: process.env.ENCRYPTION_KEYS };
  const file = join(root, '.data', 'encryption-keys');
  if (!existsSync(file)) {
    mkdirSync(join(root, '.data'), { recursive: true });
    writeFileSync(file, `local:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    say(`made a master key for exchange API keys in ${file} (set ENCRYPTION_KEYS to use your own)`);
  }
  return { ENCRYPTION_KEYS: readFileSync(file, 'utf8').trim() };
}
