import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The demo account npm start signs in with: made on the first start with a random password and
// kept in .data/demo-login.json (owner-only, like the encryption key), so every later start
// shows, and reuses, the same login.

export interface DemoLogin {
  email: string;
  password: string;
}

export const DEMO_EMAIL = 'demo@example.com';

export const demoLoginFile = (dataDir: string) => join(dataDir, 'demo-login.json');

export function loadOrCreateDemoLogin(dataDir: string): { login: DemoLogin; created: boolean } {
  const file = demoLoginFile(dataDir);
  if (existsSync(file))
    return { login: JSON.parse(readFileSync(file, 'utf8')) as DemoLogin, created: false };
  const login = { email: DEMO_EMAIL, password: randomBytes(12).toString('base64url') };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(login)}\n`, { mode: 0o600 });
  return { login, created: true };
}
