// npm start's demo (unless DEMO=false): once the gateway is ready, tools/start/demo/seed-demo.ts
// signs the demo account in and starts one paper bot per strategy through the gateway's API.
// Returns the demo login for npm start's last lines, or null when there is none.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeLines, say } from './log.mjs';

/** Runs the seeding; `track(stop)` lets Ctrl-C end it. */
export async function runDemo(root, env, gatewayUrl, track) {
  if (env.DEMO === 'false') {
    say('demo: off (DEMO=false)');
    return null;
  }
  const dataDir = join(root, '.data');
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(root, 'tools', 'start', 'demo', 'seed-demo.ts'),
      gatewayUrl,
      dataDir,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...env, SWC_NODE_PROJECT: join(root, 'tsconfig.base.json') },
    },
  );
  track(async () => child.exitCode === null && child.kill('SIGTERM'));
  pipeLines(child.stdout, 'demo');
  pipeLines(child.stderr, 'demo', process.stderr);
  const code = await new Promise((resolve) => child.once('exit', (status) => resolve(status)));
  // the login file is written by demo-login.ts before any bot is made
  const file = join(dataDir, 'demo-login.json');
  if (code !== 0 || !existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8'));
}
