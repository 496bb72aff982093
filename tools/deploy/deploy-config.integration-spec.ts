import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@platform/testing';

// There is no Docker engine here: the compose file is checked by docker-compose itself
// (Debian package `docker-compose`), the nginx configuration by `nginx -t` (package `nginx`).
const root = workspaceRoot();

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `${command} is not installed (Debian/Ubuntu: apt install ${command}): ${result.error.message}`,
    );
  }
  return result;
}

describe('docker-compose.yml', () => {
  it('is valid for docker-compose', () => {
    const result = run('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('has the stack: postgres, redis, migrations, the three services and nginx', () => {
    const services = run('docker-compose', ['-f', 'docker-compose.yml', 'config', '--services'])
      .stdout.split('\n')
      .filter(Boolean);
    expect(services.sort()).toEqual([
      'api-gateway',
      'bot-worker',
      'market-data',
      'migrate',
      'nginx',
      'postgres',
      'redis',
    ]);
  });

  it('starts the services only after healthy dependencies, and keeps bot-worker scalable', () => {
    const config = run('docker-compose', ['-f', 'docker-compose.yml', 'config']).stdout;
    const section = (name: string) =>
      config.split(/\n {2}(?=\S)/).find((s) => s.startsWith(`${name}:`)) ?? '';
    for (const service of ['api-gateway', 'bot-worker', 'market-data']) {
      expect(section(service)).toMatch(/postgres:\s+condition: service_healthy/);
      expect(section(service)).toMatch(/redis:\s+condition: service_healthy/);
      expect(section(service)).toContain('healthcheck:');
      expect(section(service)).toContain('/health/ready');
    }
    // a fixed container name or host port would stop `--scale bot-worker=3`
    expect(section('bot-worker')).not.toMatch(/container_name|published/);
    expect(section('nginx')).toMatch(/api-gateway:\s+condition: service_healthy/);
  });
});

describe('tools/deploy/nginx.conf', () => {
  it('passes nginx -t', () => {
    // `api-gateway` resolves only inside Docker's network; check the rest of the file with the
    // upstream pointed at this machine.
    const dir = mkdtempSync(join(tmpdir(), 'nginx-'));
    try {
      const conf = readFileSync(join(root, 'tools/deploy/nginx.conf'), 'utf8').replace(
        /api-gateway:3000/g,
        '127.0.0.1:3000',
      );
      writeFileSync(join(dir, 'nginx.conf'), conf);
      const result = run('nginx', [
        '-t',
        '-p',
        dir,
        '-c',
        join(dir, 'nginx.conf'),
        '-g',
        `pid ${dir}/nginx.pid; error_log ${dir}/error.log;`,
      ]);
      expect(result.stderr).toContain('syntax is ok');
      expect(result.stderr).toContain('test is successful');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('retries only what is safe, and streams /live unbuffered', () => {
    const conf = readFileSync(join(root, 'tools/deploy/nginx.conf'), 'utf8');
    const block = (name: string) =>
      conf.slice(conf.indexOf(name), conf.indexOf('}', conf.indexOf(name)));
    const live = block('location = /live');
    for (const directive of [
      'proxy_buffering off;',
      'gzip off;',
      'proxy_http_version 1.1;',
      'proxy_read_timeout 1h;',
      'X-Forwarded-For $proxy_add_x_forwarded_for',
    ])
      expect(live).toContain(directive);
    const rest = block('location / {');
    expect(rest).toContain('proxy_next_upstream error timeout http_502 http_503;');
    expect(conf).not.toMatch(/^\s*proxy_next_upstream[^;#]*non_idempotent/m);
    expect(block('upstream api_gateways')).toMatch(/max_fails=\d+ fail_timeout=\d+s/);
  });
});
