import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** node:http sends the path as written (fetch would resolve `..` and follow redirects). */
function rawGet(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const INDEX =
  '<!doctype html><html><head><script type="module" src="/app/assets/index-B2x9k.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'document.getElementById("root").textContent = "dashboard";';
const STYLE = '#root { color: teal; }';
const SECRET = 'secret-outside-the-dashboard';

// A temp folder stands in for apps/dashboard's build: index.html, hashed assets, a dotfile,
// and a secret next to the folder that no URL may reach.
describe('the dashboard under /app/', () => {
  let bed: GatewayTestBed;
  let base: string;
  let root: string;
  let dir: string;
  const get = (path: string, headers?: Record<string, string>) => rawGet(base, path, headers);
  const head = (path: string) => rawGet(base, path, {}, 'HEAD');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dashboard-spec-'));
    dir = join(root, 'dashboard');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-B2x9k.js'), SCRIPT);
    writeFileSync(join(dir, 'assets', 'index-C7q1z.css'), STYLE);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, '.env'), SECRET);
    writeFileSync(join(root, 'secret.txt'), SECRET);
    bed = await startGatewayTestBed({ DASHBOARD_DIR: dir, RATE_LIMIT_PER_IP_PER_MIN: '5' });
    base = bed.api.baseUrl;
  });

  afterAll(async () => {
    await bed?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at /app/, asked again each time, under a CSP without inline code', async () => {
    const answer = await get('/app/');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(INDEX);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.headers['etag']).toBeTruthy();
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    const policy = String(answer.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "img-src 'self' data:",
      "object-src 'none'",
    ])
      expect(policy.split(';')).toContain(directive);
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it('serves hashed assets with their types, cached for a year as immutable', async () => {
    const script = await get('/app/assets/index-B2x9k.js');
    expect(script).toMatchObject({ status: 200, text: SCRIPT });
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const style = await get('/app/assets/index-C7q1z.css');
    expect(style).toMatchObject({ status: 200, text: STYLE });
    expect(style.headers['content-type']).toMatch(/^text\/css/);
    const icon = await get('/app/favicon.svg');
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers 304 to a matching ETag, and HEAD without a body', async () => {
    for (const path of ['/app/', '/app/assets/index-B2x9k.js']) {
      const first = await get(path);
      const again = await get(path, { 'if-none-match': String(first.headers['etag']) });
      expect({ path, status: again.status, text: again.text }).toEqual({
        path,
        status: 304,
        text: '',
      });
      const headAnswer = await head(path);
      expect(headAnswer.status).toBe(200);
      expect(headAnswer.text).toBe('');
      expect(headAnswer.headers['content-length']).toBe(String(Buffer.byteLength(first.text)));
      expect(headAnswer.headers['etag']).toBe(first.headers['etag']);
    }
  });

  it('answers client-side routes with index.html; missing files and assets are 404s', async () => {
    for (const path of ['/app/bots', '/app/bots/7f0c2a', '/app/bots/', '/app/assets']) {
      const answer = await get(path);
      expect({ path, status: answer.status, text: answer.text }).toEqual({
        path,
        status: path === '/app/assets' ? 404 : 200,
        text: path === '/app/assets' ? expect.any(String) : INDEX,
      });
    }
    for (const path of [
      '/app/missing.js',
      '/app/assets/index-missing.js',
      '/app/assets/chunk',
      '/app/assets/',
    ]) {
      const answer = await get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(JSON.parse(answer.text)).toMatchObject({ statusCode: 404, code: 'not_found' });
    }
  });

  it('redirects / and /app to /app/', async () => {
    expect(await get('/')).toMatchObject({ status: 302, headers: { location: '/app/' } });
    expect(await get('/app')).toMatchObject({ status: 301, headers: { location: '/app/' } });
    expect(await get('/app?next=bots')).toMatchObject({
      headers: { location: '/app/?next=bots' },
    });
  });

  it('never leaves the folder nor shows a dotfile, however the path is written', async () => {
    for (const path of [
      '/app/../secret.txt',
      '/app/assets/../../secret.txt',
      '/app/%2e%2e/secret.txt',
      '/app/%2E%2E%2Fsecret.txt',
      '/app/..%2fsecret.txt',
      '/app/assets/..%2f..%2fsecret.txt',
      '/app/..%5csecret.txt',
      '/app/%252e%252e/secret.txt',
      '/app/%c0%ae%c0%ae/secret.txt',
      '/app/.env',
      '/app/%2eenv',
      '/app/assets/%00.js',
      '/app//etc/passwd',
    ]) {
      const answer = await get(path);
      // 400: the router itself refuses a malformed encoding (the overlong UTF-8 dot).
      expect({ path, status: answer.status }).toEqual({
        path,
        status: path.includes('%c0') ? 400 : 404,
      });
      expect(JSON.parse(answer.text)).toMatchObject({ statusCode: answer.status });
      expect(answer.text).not.toContain(SECRET);
    }
  });

  it('stays out of the OpenAPI document', async () => {
    const { body } = await bed.api.get('/docs/openapi.json');
    expect(
      Object.keys(body.paths).filter((path) => path === '/' || path.startsWith('/app')),
    ).toEqual([]);
  });

  it('answers 503 with the build command while index.html is missing', async () => {
    renameSync(join(dir, 'index.html'), join(dir, 'index.html.away'));
    try {
      for (const path of ['/app/', '/app/bots/7f0c2a']) {
        const answer = await get(path);
        expect({ path, status: answer.status }).toEqual({ path, status: 503 });
        expect(JSON.parse(answer.text)).toMatchObject({
          statusCode: 503,
          code: 'not_configured',
          message: expect.stringContaining('npm run build:dashboard'),
        });
      }
    } finally {
      renameSync(join(dir, 'index.html.away'), join(dir, 'index.html'));
    }
    expect((await get('/app/')).status).toBe(200);
  });

  // Last: it spends this address's allowance.
  it('is not rate limited, while the API counts every request', async () => {
    for (let i = 0; i < 8; i++) expect((await get('/app/')).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await get('/no/such/route')).status);
    expect(statuses).toContain(429);
    expect((await get('/app/assets/index-B2x9k.js')).status).toBe(200);
  });
});
