// Finds the Redis that `npm start` uses: REDIS_URL when set; else 127.0.0.1:6379; else a
// redis-server started here (when installed), by the tests' own starter. Returns { url, stop }.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  redisAnswers,
  startRedisServer,
  stopRedisServer,
} from '../../libs/testing/src/lib/redis-server-process.cjs';
import { pipeLines, say } from './log.mjs';

const installed = (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

export async function resolveRedis(root) {
  const configured = process.env.REDIS_URL;
  if (configured) {
    // a Sentinel group (redis+sentinel://) is checked by the services themselves at start
    const sentinel = /^rediss?\+sentinel:\/\//i.test(configured);
    if (!sentinel && !(await redisAnswers(configured)))
      throw new Error('REDIS_URL does not answer a PING');
    return { url: configured, stop: async () => undefined };
  }
  const url = 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) {
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
  const child = await startRedisServer({
    port: 6379,
    dir,
    readyTimeoutMs: 5000,
    pipeOutput: (stdout, stderr) => {
      pipeLines(stdout, 'redis');
      pipeLines(stderr, 'redis');
    },
  });
  say('started redis-server on 127.0.0.1:6379');
  return { url, stop: () => stopRedisServer(child, 'SIGTERM') };
}
