import { rmSync } from 'node:fs';
// eslint-disable-next-line @nx/enforce-module-boundaries -- jest loads globalSetup/Teardown without the workspace's path mapping: the lib's files by path
import { checkRunOutput, TEST_RUN_DIR_ENV } from '../../../libs/testing/src/lib/test-run-output';

/**
 * jest globalTeardown: no secret a suite used (passwords, exchange keys and secrets, session
 * tokens, key rings) may appear anywhere in any service's output of the run. A leak fails the
 * run and keeps the record for reading; a clean record is deleted.
 */
export default function checkRunRecord(): void {
  const dir = process.env[TEST_RUN_DIR_ENV];
  if (!dir) return;
  const { secrets, files, bytes, leaks } = checkRunOutput(dir);
  if (leaks.length > 0) {
    const where = leaks.map((l) => `  ${l.secret} in ${l.file} line ${l.line}`).join('\n');
    throw new Error(`secrets in the services' output (record kept in ${dir}):\n${where}`);
  }
  console.log(
    `\nsecrets check: ${secrets} secrets, none in ${files} service outputs (${(bytes / 1e6).toFixed(1)} MB)`,
  );
  rmSync(dir, { recursive: true, force: true });
}
