import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor, workspaceRoot } from '@platform/testing';
import { localNginxConfig } from '../bench/nginx-child';

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

  it('has the stack: postgres, redis, migrations, the three services, nginx, prometheus and grafana', () => {
    const services = run('docker-compose', ['-f', 'docker-compose.yml', 'config', '--services'])
      .stdout.split('\n')
      .filter(Boolean);
    expect(services.sort()).toEqual([
      'api-gateway',
      'bot-worker',
      'grafana',
      'market-data',
      'migrate',
      'nginx',
      'postgres',
      'prometheus',
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

  it('builds the dashboard into the images: the gateway’s and nginx’s (its files under /app/)', () => {
    const config = run('docker-compose', ['-f', 'docker-compose.yml', 'config']).stdout;
    const section = (name: string) =>
      config.split(/\n {2}(?=\S)/).find((s) => s.startsWith(`${name}:`)) ?? '';
    expect(section('nginx')).toMatch(/target: nginx/);
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/run-many -t build -p [^\n]*\bdashboard\b/);
    // the runtime stage copies all of dist (the gateway serves dist/apps/dashboard)
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(dockerfile).toMatch(
      /FROM nginx:[^\n]* AS nginx[\s\S]*COPY --from=build \/app\/dist\/apps\/dashboard \/usr\/share\/trading-platform\/app/,
    );
    expect(dockerfile).toMatch(/COPY tools\/deploy\/nginx.conf \/etc\/nginx\/nginx.conf/);
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

/** A raw GET (no URL normalising on our side), for paths a browser would never send. */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

// The Debian nginx running tools/deploy/nginx.conf (upstream and listen port moved to this
// machine, the dashboard root to a temp dir holding a fake build), real requests through it:
// the dashboard's files as the gateway serves them, everything else proxied to the gateway.
describe('tools/deploy/nginx.conf serves the dashboard', () => {
  let dir: string;
  let nginx: ChildProcess;
  let gateway: Server;
  let base: string;
  let port: number;
  const index =
    '<!doctype html><title>dashboard</title><script type="module" src="/app/assets/main-1a2b3c.js"></script>';
  const script = `export const answer = 42;\n${'// padding for gzip\n'.repeat(50)}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nginx-dashboard-'));
    chmodSync(dir, 0o755); // nginx's workers run as another user when we are root
    mkdirSync(join(dir, 'app', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'app', 'index.html'), index);
    writeFileSync(join(dir, 'app', 'assets', 'main-1a2b3c.js'), script);
    writeFileSync(join(dir, 'app', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'app', '.env'), 'SECRET=1');
    const gatewayPort = await freePort();
    gateway = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ from: 'gateway', url: req.url }));
    });
    await new Promise<void>((resolve) => gateway.listen(gatewayPort, '127.0.0.1', resolve));
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = localNginxConfig(dir, port, [`127.0.0.1:${gatewayPort}`]).replace(
      /root \/usr\/share\/trading-platform;/,
      `root ${dir};`,
    );
    expect(config).toContain(`root ${dir};`);
    const file = join(dir, 'nginx.conf');
    writeFileSync(file, config);
    const globals = `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;`;
    nginx = spawn('nginx', ['-p', dir, '-c', file, '-g', globals], { stdio: 'ignore' });
    await waitFor('nginx to answer /nginx-health', async () => {
      const answer = await fetch(`${base}/nginx-health`).catch(() => undefined);
      return answer?.status === 200 || undefined;
    });
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => gateway?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('the page: text/html, not cached but revalidated (ETag, 304), the dashboard’s policy', async () => {
    const page = await fetch(`${base}/app/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toBe(index);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const policy = page.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "img-src 'self' data:",
    ])
      expect(policy).toContain(directive);
    expect(policy).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = page.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await fetch(`${base}/app/`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const head = await fetch(`${base}/app/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('hashed assets: a year, immutable, their content type, compressed when asked', async () => {
    const asset = await fetch(`${base}/app/assets/main-1a2b3c.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(await asset.text()).toBe(script);
    const icon = await fetch(`${base}/app/favicon.svg`);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('a client-side route gets the page; a missing file is a 404, never the page', async () => {
    for (const path of [
      '/app/bots',
      '/app/bots/0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e',
      '/app/admin/cluster',
    ]) {
      const answer = await fetch(`${base}${path}`);
      expect({ path, status: answer.status, cache: answer.headers.get('cache-control') }).toEqual({
        path,
        status: 200,
        cache: 'no-cache',
      });
      expect(await answer.text()).toBe(index);
    }
    for (const path of ['/app/assets/gone-9z9z9z.js', '/app/missing.css', '/app/.env'])
      expect({ path, status: (await fetch(`${base}${path}`)).status }).toEqual({
        path,
        status: 404,
      });
    // a folder is never listed
    expect([403, 404]).toContain((await fetch(`${base}/app/assets/`)).status);
  });

  it('no way out of the folder: .. and its encodings (at most the gateway sees what is left)', async () => {
    for (const path of [
      '/app/../nginx.conf',
      '/app/..%2Fnginx.conf',
      '/app/%2e%2e/nginx.conf',
      '/app/assets/../../nginx.conf',
      '/app/%2e%2e%2f%2e%2e%2fnginx.conf',
    ]) {
      const answer = await rawGet(port, path);
      expect({ path, leaked: answer.body.includes('worker_processes') }).toEqual({
        path,
        leaked: false,
      });
    }
  });

  it('/app redirects to /app/ (a relative Location, whatever port is published); the API goes to the gateway', async () => {
    const redirect = await fetch(`${base}/app`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/app/');
    const api = await fetch(`${base}/bots?limit=1`);
    expect(await api.json()).toEqual({ from: 'gateway', url: '/bots?limit=1' });
    expect(await (await fetch(`${base}/`)).json()).toEqual({ from: 'gateway', url: '/' });
  });

  it("the gateways' /metrics is not served to the public side (Prometheus scrapes each gateway)", async () => {
    for (const path of ['/metrics', '/metrics?x=1'])
      expect({ path, status: (await fetch(`${base}${path}`)).status }).toEqual({ path, status: 404 });
  });
});
