// The Debian nginx as a child process with a generated configuration in a temp dir: the
// deploy configuration (tools/deploy/nginx.conf) with its upstream servers pointed at local
// gateways and its listen port, logs and temp files moved to the temp dir.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForStatus, workspaceRoot } from '@platform/testing';

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
  await waitForStatus(`${url}/nginx-health`, 200);
  return {
    url,
    config,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
