import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkRunOutput,
  recordSecretEnv,
  recordSecretFields,
  recordSecrets,
  serviceOutputFile,
  TEST_RUN_DIR_ENV,
} from './test-run-output';

describe('the test run record (secrets check)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'run-'));
    process.env[TEST_RUN_DIR_ENV] = dir;
  });
  afterEach(() => {
    delete process.env[TEST_RUN_DIR_ENV];
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds each recorded secret in the services output, masked in the report', () => {
    recordSecrets('a long enough password', 'nope'); // too short to look for: skipped
    recordSecretFields({
      email: 'a@example.com',
      token: 'session-token-1234',
      nested: { apiKey: 'KEY-0123456789' },
    });
    recordSecretEnv({
      ENCRYPTION_KEYS: 'k1:AAAABBBBCCCCDDDD,k2:EEEEFFFFGGGGHHHH',
      HTTP_HOST: '127.0.0.1',
    });
    writeFileSync(serviceOutputFile('api-gateway', 1)!, 'ready\nlogin of a@example.com\n');
    writeFileSync(serviceOutputFile('bot-worker', 2)!, 'ok\nkey EEEEFFFFGGGGHHHH\n');

    const check = checkRunOutput(dir);

    expect(check).toMatchObject({ secrets: 6, files: 2 });
    expect(check.leaks).toEqual([
      { secret: 'EEE*************', file: join('services', 'bot-worker-2.log'), line: 2 },
    ]);
  });

  it('records nothing without a run directory', () => {
    delete process.env[TEST_RUN_DIR_ENV];
    recordSecrets('a long enough password');
    expect(serviceOutputFile('api-gateway', 1)).toBeUndefined();
    expect(checkRunOutput(dir)).toEqual({ secrets: 0, files: 0, bytes: 0, leaks: [] });
  });
});
