// `npm start`: the whole platform on this machine. Finds (or starts) PostgreSQL and Redis and
// the exchange simulator (offline demo), builds the services and the dashboard if their sources
// changed, migrates the database, then runs one api-gateway, one market-data and BOT_WORKERS
// bot-workers with prefixed output, and seeds the demo (one running paper bot per strategy).
// Its last lines are the dashboard's address and the demo login. Ctrl-C stops everything it
// started.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDashboard } from './dashboard.mjs';
import { runDemo } from './demo.mjs';
import { resolveExchanges } from './exchange-sim.mjs';
import { say } from './log.mjs';
import { nextSteps } from './next-steps.mjs';
import { resolvePostgres } from './postgres.mjs';
import { resolveRedis } from './redis.mjs';
import { ServiceSupervisor } from './services.mjs';
import { resolveEncryptionKeys } from './encryption-keys.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const startedAt = Date.now();
const cleanups = [];

function runStep(title, args, env = process.env) {
  say(title);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0)
    throw new Error(`${title} failed (exit ${result.status ?? result.signal})`);
}

async function shutdown(code) {
  for (const cleanup of cleanups.reverse())
    await cleanup().catch((e) => say(`while stopping: ${e.message}`));
  process.exit(code);
}

async function waitUntilReady(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function main() {
  if (existsSync(join(root, '.env'))) {
    process.loadEnvFile(join(root, '.env'));
    say('read settings from .env');
  }
  const postgres = await resolvePostgres(root);
  cleanups.push(postgres.stop);
  const redis = await resolveRedis(root);
  cleanups.push(redis.stop);

  const exchanges = await resolveExchanges(root);
  cleanups.push(exchanges.stop);

  const env = {
    ...process.env,
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    ...exchanges.env,
    ...resolveEncryptionKeys(root),
  };
  runStep('building the services (cached when unchanged)', [
    join(root, 'tools', 'scripts', 'nx.mjs'),
    'run-many',
    '-t',
    'build',
    '-p',
    'api-gateway',
    'bot-worker',
    'market-data',
    '--outputStyle=static',
  ]);
  const dashboard = ensureDashboard(root, { say });
  runStep(
    'applying database migrations',
    [join(root, 'tools', 'scripts', 'run-ts.mjs'), join(root, 'tools', 'db', 'db.ts'), 'migrate'],
    env,
  );

  const supervisor = new ServiceSupervisor(root, env);
  cleanups.push(() => supervisor.stopAll());
  const gatewayPort = Number(env.GATEWAY_HTTP_PORT || 3000);
  const workerBasePort = Number(env.BOT_WORKER_HTTP_PORT || 3101);
  supervisor.run('api-gateway', 'api-gateway', { GATEWAY_HTTP_PORT: String(gatewayPort) });
  supervisor.run('market-data', 'market-data', {});
  const workers = Number(env.BOT_WORKERS || 2);
  for (let i = 0; i < workers; i++) {
    supervisor.run(`bot-worker-${i + 1}`, 'bot-worker', {
      BOT_WORKER_HTTP_PORT: String(workerBasePort + i),
    });
  }

  const readyUrl = `http://127.0.0.1:${gatewayPort}/health/ready`;
  if (await waitUntilReady(readyUrl, 120000)) {
    const demoLogin = await runDemo(root, env, `http://127.0.0.1:${gatewayPort}`, (stop) =>
      cleanups.push(stop),
    );
    say(
      `the platform is up after ${((Date.now() - startedAt) / 1000).toFixed(1)} s (Ctrl-C stops it)`,
    );
    const steps = nextSteps({
      gatewayPort,
      simulatorUrl: exchanges.simulatorUrl,
      dashboard,
      demoLogin,
    });
    for (const line of steps) say(line);
  } else {
    say(`the gateway is not ready yet after 120 s; see the output above (${readyUrl})`);
  }
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping every service`);
    void shutdown(0);
  });
}

main().catch((error) => {
  say(`cannot start: ${error.message}`);
  void shutdown(1);
});
