// The Debian nginx as a child process with a generated configuration in a temp dir: the
// deploy configuration (tools/deploy/nginx.conf) with its upstream servers pointed at local
// gateways and its listen port, logs and temp files moved to the temp dir.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpGet, workspaceRoot } from '@platform/testing';
import { waitUntil, type WatchedProcess } from './bench-wait';

/** How long nginx may take to close its connections on SIGQUIT, then on SIGTERM. */
const QUIT_TIMEOUT_MS = 10_000;
const TERMINATE_TIMEOUT_MS = 5_000;

export interface NginxChild {
  url: string;
  config: string;
  stop(): Promise<void>;
}

/** tools/deploy/nginx.conf for `upstreams` (host:port), plus `extraHttp` (e.g. a debug header). */
export function localNginxConfig(
  dir: string,
  port: number,
  upstreams: string[],
  extra = '',
): string {
  const deploy = readFileSync(join(workspaceRoot(), 'tools/deploy/nginx.conf'), 'utf8');
  const servers = upstreams
    .map((upstream) => `server ${upstream} max_fails=2 fail_timeout=5s;`)
    .join('\n    ');
  const config = deploy
    .replace(/server api-gateway:3000[^;]*;/, servers)
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
    .replace(/access_log \/var\/log\/nginx\/access\.log/, `access_log ${dir}/access.log`)
    .replace(
      /http \{/,
      `http {\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n${extra}`,
    );
  if (!config.includes(upstreams[0]))
    throw new Error('the deploy config has no upstream to replace');
  return config;
}

export async function startNginx(upstreams: string[], extraHttp = ''): Promise<NginxChild> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  const port = await freePort();
  const config = localNginxConfig(dir, port, upstreams, extraHttp);
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config);
  const globals = `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;`;
  const test = spawnSync('nginx', ['-t', '-p', dir, '-c', file, '-g', globals], {
    encoding: 'utf8',
  });
  if (test.error || test.status !== 0)
    throw new Error(`nginx -t failed (apt install nginx?): ${test.error?.message ?? test.stderr}`);
  const child: ChildProcess = spawn('nginx', ['-p', dir, '-c', file, '-g', globals], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const errorLog = join(dir, 'error.log');
  const watched: WatchedProcess = {
    service: 'nginx',
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    get output() {
      return existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '';
    },
  };
  const stop = async () => {
    if (watched.running) await quit(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      `nginx to answer ${url}/nginx-health`,
      async () => (await httpGet(`${url}/nginx-health`, 3000)).status === 200,
      { timeoutMs: 30_000, processes: [watched] },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, config, stop };
}

/**
 * A graceful stop (SIGQUIT: finish open requests), then a fast one (SIGTERM: the master closes
 * its workers' connections) if keep-alive clients hold it, then SIGKILL.
 */
async function quit(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const escalation = [
    setTimeout(() => child.kill('SIGTERM'), QUIT_TIMEOUT_MS),
    setTimeout(() => child.kill('SIGKILL'), QUIT_TIMEOUT_MS + TERMINATE_TIMEOUT_MS),
  ];
  child.kill('SIGQUIT');
  await exited;
  escalation.forEach(clearTimeout);
}
