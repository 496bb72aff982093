// Runs the workspace's Nx with settings that keep it local and repeatable: no daemon
// (CI and fresh clones), no cloud, no interactive terminal UI.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nxBin = join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
const result = spawnSync(process.execPath, [nxBin, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', ...process.env },
});
process.exit(result.status ?? 1);
