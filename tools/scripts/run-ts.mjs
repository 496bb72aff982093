// Runs a TypeScript tool (tools/**/*.ts) directly with SWC, resolving the workspace's
// `@platform/*` paths from tsconfig.base.json: `node tools/scripts/run-ts.mjs <file> [args]`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [file, ...args] = process.argv.slice(2);
const result = spawnSync(process.execPath, ['-r', '@swc-node/register', file, ...args], {
  cwd: process.cwd(),
  stdio: 'inherit',
  env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.base.json') },
});
process.exit(result.status ?? (result.signal ? 1 : 0));
