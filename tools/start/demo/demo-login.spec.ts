import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoLoginFile, loadOrCreateDemoLogin } from './demo-login';

describe('the demo login', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = join(mkdtempSync(join(tmpdir(), 'demo-login-')), '.data')));
  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('is made once with a random password, owner-only, and then reused', () => {
    const first = loadOrCreateDemoLogin(dataDir);
    expect(first.created).toBe(true);
    expect(first.login.email).toBe('demo@example.com');
    expect(first.login.password).toMatch(/^[\w-]{16}$/);
    expect(statSync(demoLoginFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateDemoLogin(dataDir)).toEqual({ login: first.login, created: false });
  });
});
