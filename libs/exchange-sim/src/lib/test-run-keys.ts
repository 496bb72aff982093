import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * In a test run with a record (TEST_RUN_DIR, set by the e2e globalSetup), the keys the simulator
 * issues join the run's list of secrets, which the run's end looks for in every service's output
 * (see libs/testing test-run-output.ts; this lib may not import that one).
 */
export function recordIssuedKey(apiKey: string, secret: string): void {
  const dir = process.env['TEST_RUN_DIR'];
  if (dir) appendFileSync(join(dir, 'secrets.txt'), `${apiKey}\n${secret}\n`);
}
