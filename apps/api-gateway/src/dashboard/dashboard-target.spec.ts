import { dashboardTarget, isDashboardPath } from './dashboard-target';

describe('dashboardTarget', () => {
  it('redirects /app to /app/, keeping the query', () => {
    expect(dashboardTarget('/app')).toEqual({ kind: 'redirect', location: '/app/' });
    expect(dashboardTarget('/app?next=bots')).toEqual({
      kind: 'redirect',
      location: '/app/?next=bots',
    });
  });

  it('serves index.html for /app/ and for client-side routes', () => {
    expect(dashboardTarget('/app/')).toEqual({ kind: 'index' });
    expect(dashboardTarget('/app/?x=1')).toEqual({ kind: 'index' });
    expect(dashboardTarget('/app/bots/')).toEqual({ kind: 'index' });
    expect(dashboardTarget('/app/bots/7f0c')).toEqual({
      kind: 'file',
      relativePath: 'bots/7f0c',
      immutable: false,
      fallback: true,
    });
  });

  it('marks hashed assets immutable and never lets them fall back to the page', () => {
    expect(dashboardTarget('/app/assets/index-B2x9.js')).toEqual({
      kind: 'file',
      relativePath: 'assets/index-B2x9.js',
      immutable: true,
      fallback: false,
    });
    expect(dashboardTarget('/app/assets/chunk')).toMatchObject({ fallback: false });
    expect(dashboardTarget('/app/assets/')).toEqual({ kind: 'missing' });
  });

  it('a missing file with an extension is not a route', () => {
    expect(dashboardTarget('/app/favicon.svg')).toMatchObject({ fallback: false });
  });

  it.each([
    '/app/../secret.txt',
    '/app/./index.html',
    '/app/%2e%2e/secret.txt',
    '/app/%2E%2E%2Fsecret.txt',
    '/app/..%2fsecret.txt',
    '/app/assets/..%5c..%5csecret.txt',
    '/app/.env',
    '/app/%2eenv',
    '/app/assets/a%00.js',
    '/app/a%0d%0ab',
    '/app/%c0%ae%c0%ae/secret.txt',
    '/app/%E0%A4%A',
    '/app//etc/passwd',
  ])('refuses %s', (url) => {
    expect(dashboardTarget(url)).toEqual({ kind: 'missing' });
  });

  it('decodes each segment once: a doubly encoded dot is a plain name', () => {
    expect(dashboardTarget('/app/%252e%252e/secret.txt')).toMatchObject({
      relativePath: '%2e%2e/secret.txt',
    });
  });
});

describe('isDashboardPath', () => {
  it.each([
    ['/', true],
    ['/app', true],
    ['/app/', true],
    ['/app/assets/x.js', true],
    ['/apps', false],
    ['/application', false],
    ['/health/live', false],
    ['/bots', false],
  ])('%s -> %s', (path, expected) => {
    expect(isDashboardPath(path)).toBe(expected);
  });
});
