import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../wait-for';
import { CHROMIUM_FLAGS, launchBrowser, type TestBrowser } from './launch-browser';
import { openPage } from './open-page';
import { runAxe } from './run-axe';
import { SCREENSHOT_DIR, screenshot } from './screenshot';

// The kit on a tiny site served by node:http with the dashboard's CSP (scripts from the page's
// own origin only): one clean page, and one with every kind of problem the kit must catch.
const html = (title: string, body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><main>${body}</main></body></html>`;

const routes: Record<string, { status: number; type: string; body: string }> = {
  '/clean': {
    status: 200,
    type: 'text/html',
    body: html('Clean', '<h1>All fine</h1><label>Your name <input name="name"></label>'),
  },
  '/broken': {
    status: 200,
    type: 'text/html',
    body: html(
      'Broken',
      '<h1>Broken</h1><input type="text" name="unlabelled">',
      '<script src="/broken.js"></script>',
    ),
  },
  '/broken.js': {
    status: 200,
    type: 'text/javascript',
    body: `console.error('something broke');
fetch('/boom');
setTimeout(() => { throw new Error('nobody caught this'); });`,
  },
  '/boom': { status: 500, type: 'text/plain', body: 'boom' },
  '/favicon.ico': { status: 204, type: 'image/x-icon', body: '' },
};

describe('browser kit (Debian Chromium through playwright-core)', () => {
  let server: Server;
  let origin: string;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const route = routes[request.url ?? ''] ?? { status: 404, type: 'text/plain', body: '' };
      response.writeHead(route.status, {
        'content-type': route.type,
        'content-security-policy': "default-src 'self'",
      });
      response.end(route.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('runs Chromium with the kit’s flags, not Playwright’s, on a fresh profile', async () => {
    const { page, close } = await openPage(browser);
    await page.goto('chrome://version');
    const commandLine = await page.locator('#command_line').innerText();
    const switches = commandLine.split(/\s+/).filter((part) => part.startsWith('--'));
    // Debian's /usr/bin/chromium adds its own defaults (/etc/chromium.d) and headless mode its
    // ozone switches; ours are all there, and none of the defaults Playwright would have added
    expect(switches).toEqual(
      expect.arrayContaining([
        '--headless',
        `--user-data-dir=${browser.userDataDir}`,
        ...CHROMIUM_FLAGS,
      ]),
    );
    expect(switches.filter((part) => part.startsWith('--user-data-dir'))).toHaveLength(1);
    expect(switches).not.toContain('--enable-automation');
    expect(switches).not.toContain('--disable-field-trial-config');
    await close();
  }, 30_000);

  it('a clean page: no errors, no serious accessibility violations', async () => {
    const watched = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await watched.page.goto(`${origin}/clean`);
    expect(await runAxe(watched.page)).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);

    const path = await screenshot(watched.page, 'browser-kit-clean');
    expect(path).toMatch(/dist\/screenshots\/browser-kit-clean-390x844\.png$/);
    await watched.close();
  }, 30_000);

  it('catches a console error, an uncaught exception, a 5xx answer and an unlabelled input', async () => {
    const watched = await openPage(browser);
    await watched.page.goto(`${origin}/broken`);
    await waitFor('the page error and the failed request', () =>
      watched.pageErrors.length > 0 && watched.failedRequests.length > 0 ? true : undefined,
    );
    expect(watched.consoleErrors).toContain(`something broke (${origin}/broken.js:0)`);
    expect(watched.pageErrors).toEqual([expect.stringContaining('nobody caught this')]);
    expect(watched.failedRequests).toEqual([`GET ${origin}/boom: 500`]);

    // axe came in through the debugging protocol: the page's CSP allows no inline script
    const violations = await runAxe(watched.page);
    expect(violations).toEqual([
      expect.objectContaining({ id: 'label', impact: 'critical', targets: ['input'] }),
    ]);
    await watched.close();
  }, 30_000);

  it('screenshots land in dist/screenshots named by page and viewport', async () => {
    const watched = await openPage(browser, { viewport: { width: 1440, height: 900 } });
    await watched.page.goto(`${origin}/broken`);
    const expected = join(SCREENSHOT_DIR, 'browser-kit-broken-1440x900.png');
    rmSync(expected, { force: true });
    const path = await screenshot(watched.page, 'browser-kit-broken');
    expect(path).toBe(expected);
    expect(path).toMatch(/dist\/screenshots\/browser-kit-broken-1440x900\.png$/);
    expect(existsSync(path)).toBe(true);
    // a PNG file, as its signature says
    expect(readFileSync(path).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    await watched.close();
  }, 30_000);

  it('removes the profile directory when the browser closes', async () => {
    const other = await launchBrowser();
    expect(existsSync(other.userDataDir)).toBe(true);
    await other.close();
    expect(existsSync(other.userDataDir)).toBe(false);
  }, 60_000);
});
