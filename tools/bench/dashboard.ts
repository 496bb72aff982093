// The dashboard in Debian's Chromium against a real gateway (serving the built dashboard) and
// market-data on the exchange simulator: bundle sizes; how long until the first page is usable
// (a cold load of the overview, signed in, median of --runs); the bot list with --bots bots
// scrolled from top to bottom (frame times, long tasks); a bot's candle chart (candles shown,
// time to draw, frame times while zooming). Figures only, no assertions. Prints one JSON line.
//   npm run bench:dashboard -- [--bots 1000] [--runs 5] [--scroll-frames 240] [--candles 5000]
// (--candles: 200, 1000 or 5000, what the chart's selector offers)
import { join } from 'node:path';
import { ExchangeSimulator } from '@platform/exchange-sim';
import {
  freePort,
  launchBrowser,
  openPage,
  seedBots,
  ServiceProcess,
  withPgClient,
  workspaceRoot,
} from '@platform/testing';
import type { Page } from 'playwright-core';
import { parseFlags, percentile, printFigures, progress, runBench, startStores } from './bench-kit';
import { bundleSizes } from './dashboard-bundle';
import { signInBenchUser, startGateway, waitForLiveGateway } from './gateway-under-test';
import { measureWhile } from './page-timing';

const {
  bots: BOTS,
  runs: RUNS,
  scrollFrames: SCROLL_FRAMES,
  candles: CANDLES,
} = parseFlags('npm run bench:dashboard --', {
  bots: 1000,
  runs: 5,
  scrollFrames: 240,
  candles: 5000,
});
const log = progress('bench:dashboard');
const DASHBOARD_DIR = join(workspaceRoot(), 'dist', 'apps', 'dashboard');
const SEE_MS = 60_000;

// Scrolls the bot list a step per animation frame (more pages load as it goes).
const scrollList = (frames: number) => `(async () => {
  const list = document.querySelector('[data-testid=bot-scroll]');
  for (let i = 0; i < ${frames}; i++) {
    list.scrollTop += 260;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return list.querySelectorAll('[role=row]').length;
})()`;

async function firstUsableMs(page: Page, base: string): Promise<number> {
  const started = Date.now();
  await page.goto(`${base}/app/`);
  await page.locator('.total').first().waitFor({ timeout: SEE_MS });
  return Date.now() - started;
}

async function main() {
  const sizes = bundleSizes(DASHBOARD_DIR);
  log(`initial JS ${sizes.initial_js_gz_kb} KB gzipped, all JS ${sizes.total_js_gz_kb} KB`);
  const stores = await startStores();
  const sim = await ExchangeSimulator.start({ port: 0, seed: 3 });
  const port = await freePort();
  const gateway = startGateway(stores, port, { DASHBOARD_DIR });
  const marketData = ServiceProcess.start('market-data', {
    ...stores.serviceEnv,
    MARKET_DATA_HTTP_PORT: String(await freePort()),
    EXCHANGE_BASE_URLS: `binance=${sim.url}`,
  });
  const browser = await launchBrowser();
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForLiveGateway(gateway, port);
    const email = 'dashboard-bench@example.com';
    await signInBenchUser(base, email);
    const seeded = await withPgClient(stores.db.url, async (sql) => {
      await sql.query(
        `UPDATE subscriptions SET plan = 'enterprise', max_bots = $2 WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
        [email, Math.max(BOTS, 10)],
      );
      const user = (await sql.query(`SELECT id FROM users WHERE email = $1`, [email])).rows[0]
        .id as string;
      return seedBots(sql, BOTS, {
        user,
        state: 'stopped',
        name: (n) => `bench bot ${String(n).padStart(5, '0')}`,
        strategy: 'sma-cross',
        params: { fastPeriod: 5, slowPeriod: 20 },
        symbol: (n) => ['BTC/USDT', 'ETH/USDT', 'BNB/USDT'][n % 3],
      });
    });
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'a long bench password' }),
    });
    const session = JSON.stringify(await login.json());
    const signedIn = `localStorage.setItem('platform.session', ${JSON.stringify(session)})`;

    log(`first usable page: ${RUNS} cold loads of the overview with ${BOTS} bots`);
    const usable: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const watched = await openPage(browser);
      await watched.page.addInitScript(signedIn);
      usable.push(await firstUsableMs(watched.page, base));
      await watched.close();
    }

    log(`bot list: scrolling ${BOTS} bots`);
    const listPage = await openPage(browser);
    await listPage.page.addInitScript(signedIn);
    await listPage.page.goto(`${base}/app/bots`);
    await listPage.page
      .locator('[data-testid=bot-scroll] [role=row]')
      .first()
      .waitFor({ timeout: SEE_MS });
    let rowsShown = 0;
    const list = await measureWhile(listPage.page, async () => {
      rowsShown = (await listPage.page.evaluate(scrollList(SCROLL_FRAMES))) as number;
    });
    await listPage.close();

    log('chart: a bot’s candles');
    const chartPage = await openPage(browser);
    await chartPage.page.addInitScript(signedIn);
    const chartStarted = Date.now();
    await chartPage.page.goto(`${base}/app/bots/${seeded[0].id}?candles=${CANDLES}`);
    await chartPage.page.locator('.chart canvas').first().waitFor({ timeout: SEE_MS });
    const chartDrawnMs = Date.now() - chartStarted;
    const candles = (await chartPage.page.evaluate(
      `fetch('/market/binance/candles?symbol=BTC%2FUSDT&timeframe=1m&limit=${CANDLES}', { headers: { authorization: 'Bearer ' + JSON.parse(localStorage.getItem('platform.session')).token } }).then((r) => r.json()).then((b) => b.candles.length)`,
    )) as number;
    const box = await chartPage.page.locator('.chart').boundingBox();
    const zoom = await measureWhile(chartPage.page, async () => {
      if (!box) return;
      await chartPage.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 20; i++) await chartPage.page.mouse.wheel(0, i < 10 ? 300 : -300);
    });
    await chartPage.close();

    printFigures({
      bench: 'dashboard',
      ...sizes,
      chunks: undefined,
      largest_chunks: sizes.chunks.slice(0, 3),
      bots: BOTS,
      first_usable_ms: { p50: percentile(usable, 50), max: percentile(usable, 100), runs: RUNS },
      list: { rows_after_scroll: rowsShown, ...list },
      chart: { candles, drawn_ms: chartDrawnMs, zoom },
    });
  } finally {
    await browser.close();
    await Promise.all([gateway.kill(), marketData.kill()]);
    await sim.stop();
    await stores.stop();
  }
}

runBench(main);
