// Starts, probes and stops a redis-server child: the one implementation behind the tests'
// `TestRedisServer` (redis-server.ts) and `npm start` (tools/start/redis.mjs). Plain CommonJS
// with its types in redis-server-process.d.cts, because `npm start` loads it before anything
// is built, and jest and the TypeScript tools load it as it is.
'use strict';
const { spawn } = require('node:child_process');
const Redis = require('ioredis');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `url` answers a PING (one attempt, no retries). */
async function redisAnswers(url, connectTimeoutMs = 2000) {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
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

/** Stops the child with `signal` (SIGKILL loses everything in memory, like a crash). */
function stopRedisServer(child, signal) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/**
 * Spawns redis-server on 127.0.0.1:`port`, persisting nothing (its working directory `dir` when
 * given), and resolves with the child once it answers a PING. `pipeOutput` receives its stdout
 * and stderr (ignored without it).
 */
async function startRedisServer({ port, dir, pipeOutput, readyTimeoutMs = 15000 }) {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (dir) args.push('--dir', dir);
  const output = pipeOutput ? 'pipe' : 'ignore';
  const child = spawn('redis-server', args, { stdio: ['ignore', output, output] });
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) =>
      reject(new Error(`cannot start redis-server (is it installed?): ${error.message}`)),
    );
  });
  if (pipeOutput) pipeOutput(child.stdout, child.stderr);
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  while (!(await redisAnswers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopRedisServer(child, 'SIGKILL');
      throw new Error(`started redis-server, but it does not answer on 127.0.0.1:${port}`);
    }
    await sleep(100);
  }
  return child;
}

module.exports = { redisAnswers, startRedisServer, stopRedisServer };
