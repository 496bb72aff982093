import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- jest loads globalSetup/Teardown without the workspace's path mapping: the lib's files by path
import { TEST_RUN_DIR_ENV } from '../../../libs/testing/src/lib/test-run-output';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { workspaceRoot } from '../../../libs/testing/src/lib/workspace-root';

/**
 * jest globalSetup: a directory for this run's record (every service's output, every secret
 * the suites hand out), which the globalTeardown checks for leaked secrets. The suites inherit
 * the variable.
 */
export default function setUpRunRecord(): void {
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const dir = join(workspaceRoot(), 'tmp', 'e2e-runs', `${stamp}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  process.env[TEST_RUN_DIR_ENV] = dir;
}
