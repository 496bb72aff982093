// The offline demo's exchange: unless EXCHANGE_SIMULATOR=false or EXCHANGE_BASE_URLS is set,
// `npm start` runs the local Binance simulator and points `binance` at it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pipeLines, say } from './log.mjs';

async function answers(url) {
  return fetch(`${url}/api/v3/time`, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.ok,
    () => false,
  );
}

export async function resolveExchanges(root) {
  if (process.env.EXCHANGE_BASE_URLS || process.env.EXCHANGE_SIMULATOR === 'false') {
    say(
      process.env.EXCHANGE_BASE_URLS
        ? `exchanges: ${process.env.EXCHANGE_BASE_URLS}`
        : 'exchanges: their real public APIs',
    );
    return { env: {}, stop: async () => undefined };
  }
  const port = Number(process.env.EXCHANGE_SIMULATOR_PORT || 8090);
  const url = `http://127.0.0.1:${port}`;
  if (await answers(url)) {
    say(`using the exchange simulator already running on ${url}`);
    return {
      env: { EXCHANGE_BASE_URLS: `binance=${url}` },
      simulatorUrl: url,
      stop: async () => undefined,
    };
  }
  // Run the simulator itself (not through run-ts.mjs, which waits synchronously): stopping
  // this child must stop the simulator, even when only npm start's own process is signalled.
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(root, 'libs', 'exchange-sim', 'src', 'main.ts'),
      '--port',
      String(port),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.base.json') },
    },
  );
  pipeLines(child.stdout, 'exchange-sim');
  pipeLines(child.stderr, 'exchange-sim', process.stderr);
  for (let i = 0; i < 100 && !(await answers(url)); i++)
    await new Promise((r) => setTimeout(r, 100));
  if (!(await answers(url))) throw new Error(`the exchange simulator did not start on ${url}`);
  say(
    `offline demo: binance is the local simulator on ${url} (EXCHANGE_SIMULATOR=false for the real one)`,
  );
  return {
    env: { EXCHANGE_BASE_URLS: `binance=${url}` },
    simulatorUrl: url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
