// Finds the Redis that `npm start` uses: REDIS_URL when set; else 127.0.0.1:6379; else a
// redis-server started here (when installed). Returns { url, stop }.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { pipeLines, say } from './log.mjs';

async function answers(url) {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const installed = (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

export async function resolveRedis(root) {
  const configured = process.env.REDIS_URL;
  if (configured) {
    if (!(await answers(configured))) throw new Error('REDIS_URL does not answer a PING');
    return { url: configured, stop: async () => undefined };
  }
  const url = 'redis://127.0.0.1:6379';
  if (await answers(url)) {
    say('using the local Redis on 127.0.0.1:6379');
    return { url, stop: async () => undefined };
  }
  if (!installed('redis-server')) {
    throw new Error(
      'no Redis on 127.0.0.1:6379 and redis-server is not installed: install it (Debian/Ubuntu: sudo apt install redis-server; macOS: brew install redis) or set REDIS_URL',
    );
  }
  const dir = join(root, '.data', 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', '6379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  pipeLines(child.stdout, 'redis');
  pipeLines(child.stderr, 'redis');
  for (let i = 0; i < 50 && !(await answers(url)); i++)
    await new Promise((r) => setTimeout(r, 100));
  if (!(await answers(url)))
    throw new Error('started redis-server, but it does not answer on 127.0.0.1:6379');
  say('started redis-server on 127.0.0.1:6379');
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
