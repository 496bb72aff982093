import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import {
  ApiClient,
  createTestDatabase,
  launchBrowser,
  openPage,
  screenshot,
  type TestBrowser,
  type TestDatabase,
  TestRedisServer,
  waitFor,
  waitForStatus,
  withPgClient,
  workspaceRoot,
  type WatchedPage,
} from '@platform/testing';
import { type RunningService, startService } from './support/cluster';
import { checkPage, DESKTOP, problemsOf } from './support/dashboard-pages';

// The dashboard as a person uses it, in Debian's Chromium against the real stack (gateway
// serving the built dashboard, market-data, two bot-workers, the exchange simulator): sign up,
// create a paper bot from the strategy form, start it, watch an order and a trade arrive
// without reloading, kill -9 the worker that runs it and see the page move it to the other
// worker, stop, delete; an admin sees both workers on the cluster map. Every page is checked
// with axe and saved as screenshots (dist/screenshots) at 1440x900 and 390x844.
const SEE_MS = 30_000; // a generous bound for what the page must show; timings are printed, not asserted

describe('dashboard in a real browser', () => {
  const password = 'correct horse battery staple';
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;
  let db: TestDatabase;
  let redis: TestRedisServer;
  let sim: ExchangeSimulator;
  let browser: TestBrowser;
  let gateway: RunningService;
  let workers: RunningService[] = [];
  const services: RunningService[] = [];
  const pages: WatchedPage[] = [];
  const violations: string[] = [];

  beforeAll(async () => {
    [db, redis, sim, browser] = await Promise.all([
      createTestDatabase(runMigrations),
      TestRedisServer.start(),
      ExchangeSimulator.start({ port: 0, seed: 11 }),
      launchBrowser(),
    ]);
    const deps = { databaseUrl: db.url, redisUrl: redis.url };
    const exchangeEnv = {
      EXCHANGE_BASE_URLS: `binance=${sim.url}`,
      ENCRYPTION_KEYS: encryptionKeys,
    };
    const workerEnv = {
      ...exchangeEnv,
      LEASE_TTL_MS: '2000',
      RECONCILE_INTERVAL_MS: '300',
      BOT_TICK_INTERVAL_MS: '250',
      MARKET_STALE_AFTER_MS: '10000',
    };
    let worker1: RunningService, worker2: RunningService;
    [gateway, worker1, worker2] = await Promise.all([
      startService('api-gateway', deps, {
        DASHBOARD_DIR: join(workspaceRoot(), 'dist', 'apps', 'dashboard'),
      }),
      startService('bot-worker', deps, workerEnv),
      startService('bot-worker', deps, workerEnv),
    ]);
    workers = [worker1, worker2];
    const marketData = await startService('market-data', deps, {
      ...exchangeEnv,
      // polled prices: this journey is about the pages (streams: market-streams.e2e-spec.ts);
      // under CI load a streaming market-data answered late here twice (see issue 16's note)
      MARKET_STREAMS: 'off',
      POLL_INTERVAL_MS: '500',
      FEED_REFRESH_MS: '500',
    });
    services.push(gateway, ...workers, marketData);
    try {
      await Promise.all(services.map((s) => waitForStatus(s.url('/health/live'), 200)));
      await waitForStatus(gateway.url('/health/ready'), 200, 30_000);
    } catch (error) {
      const outputs = services.map(
        (s) => `--- ${s.process.service} ---\n${s.process.output.slice(-2000)}`,
      );
      throw new Error(`${String(error)}\n${outputs.join('\n')}`);
    }
  });

  afterAll(async () => {
    for (const page of pages) await page.close().catch(() => undefined);
    await browser?.close();
    await Promise.all(services.map((s) => s.process.kill()));
    await sim?.stop();
    await redis?.stop();
    await db?.drop();
  });

  const open = async () => {
    const watched = await openPage(browser, { viewport: DESKTOP });
    pages.push(watched);
    return watched;
  };
  const app = (path = '') => gateway.url(`/app/${path}`);

  it('takes a person from sign-up to a running bot that survives its worker’s death', async () => {
    const watched = await open();
    const { page } = watched;
    page.setDefaultTimeout(SEE_MS);
    try {
      await personJourney(watched);
    } catch (error) {
      // what the page showed when it went wrong, and what it logged
      await screenshot(page, 'failure').catch(() => undefined);
      // and what the services said last: the cause is usually there
      const said = services
        .map((s) => s.process.output.split('\n').slice(-25).join('\n'))
        .join('\n---\n');
      throw new Error(
        `${String(error)}\nproblems: ${problemsOf(watched).join('\n')}\nbots: ${await botsSeen()}` +
          `\nexchange: ${exchangeTraffic()}\nmarket-data: ${await marketDataStats()}\nservices:\n${said}`,
      );
    }
  }, 330_000);

  /** The simulator's requests by path and status (a 429/418 would pause market data). */
  const exchangeTraffic = () => {
    const counts = new Map<string, number>();
    for (const r of sim.requests()) {
      const key = `${r.method} ${r.path} ${r.status ?? '-'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return JSON.stringify(Object.fromEntries(counts));
  };
  /** market-data's feeds and their sources, as its GET /stats says. */
  const marketDataStats = async () => {
    const marketData = services.find((s) => s.process.service === 'market-data');
    if (!marketData) return '(not started)';
    return fetch(marketData.url('/stats'), { signal: AbortSignal.timeout(5000) })
      .then((answer) => answer.text())
      .catch((error: unknown) => `(not read: ${String(error)})`);
  };

  /** Each bot as the database saw it: its owner, ticks, orders and events (after a failure). */
  const botsSeen = () =>
    withPgClient(db.url, async (sql) => {
      const { rows } = await sql.query(`
        SELECT b.name, b.desired_state, r.worker_id, r.claimed_at, r.last_tick_at, r.released_at,
          (SELECT json_agg(o.status || ' ' || o.side || ' at ' || o.created_at) FROM orders o
            WHERE o.bot_id = b.id) AS orders,
          (SELECT json_agg(e.type || ': ' || e.message ORDER BY e.id) FROM bot_events e
            WHERE e.bot_id = b.id) AS events
        FROM bots b LEFT JOIN bot_runtime r ON r.bot_id = b.id`);
      return JSON.stringify(rows, null, 1);
    }).catch((error: unknown) => `(not read: ${String(error)})`);

  async function personJourney(watched: WatchedPage) {
    const { page } = watched;

    await page.goto(app());
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    violations.push(...(await checkPage(page, 'sign-in')));
    await page.getByRole('link', { name: 'Create an account' }).click();
    // the browser refuses what the server would: a short password is shown at its field
    await page.getByLabel('Email').fill('trader@example.com');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('must have at least 10 characters').waitFor();
    violations.push(...(await checkPage(page, 'sign-up-error')));
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();

    // a paper DCA bot from the generated strategy form: buys 20 USDT every 2 s
    await page.getByRole('link', { name: 'New bot' }).first().click();
    await page.getByLabel('Name').fill('Browser DCA');
    await page.getByLabel('Strategy').selectOption('dca');
    await page.getByLabel('Quote per buy').fill('20');
    await page.getByLabel('Interval seconds').fill('2');
    await page.getByLabel('Take profit %', { exact: true }).fill('500');
    violations.push(...(await checkPage(page, 'bot-form')));

    // the session ends while the form is filled (signed out elsewhere): sending it leads to
    // sign-in, and after signing in again the form is back with what was typed
    const token = (await page.evaluate(
      `JSON.parse(localStorage.getItem('platform.session')).token`,
    )) as string;
    const signedOut = await fetch(gateway.url('/auth/logout'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(signedOut.status).toBe(204);
    const errorsBefore = watched.consoleErrors.length;
    // (the live stream may notice the ended session first and lead to sign-in by itself)
    const create = page.getByRole('button', { name: 'Create bot' });
    if (await create.isVisible()) await create.click();
    await page.getByText('Your session ended').waitFor();
    await page.getByLabel('Email').fill('trader@example.com');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'New bot' }).waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe('Browser DCA');
    expect(await page.getByLabel('Quote per buy').inputValue()).toBe('20');
    // the browser logs the refused requests of the ended session: expected here, and only those
    const refused = watched.consoleErrors.splice(errorsBefore);
    expect(refused.filter((line) => !line.includes('401 (Unauthorized)'))).toEqual([]);

    await page.getByRole('button', { name: 'Create bot' }).click();
    await page.getByRole('heading', { name: /Browser DCA/ }).waitFor();

    await page.getByRole('button', { name: 'Start' }).click();
    await page
      .getByTestId('bot-status')
      .getByText(/bot-worker-/)
      .waitFor();
    // an order and a trade appear without a reload (live stream -> query cache); the first
    // may take a while on a loaded machine (a cap, not a measure: twice in .ci/run it took
    // more than 90 s, with the bot ticking and no market view yet)
    await page
      .getByTestId('orders')
      .getByText('filled')
      .first()
      .waitFor({ timeout: 5 * SEE_MS });
    await page.getByTestId('trades').locator('tbody tr').first().waitFor();
    violations.push(...(await checkPage(page, 'bot-detail')));

    // kill -9 the worker that runs it: the page shows it on the other worker
    const runsOn = await page.getByTestId('bot-worker').innerText();
    const victim = workers.find((w) => runsOn.includes(`-${w.process.pid}-`));
    const survivor = workers.find((w) => w !== victim);
    expect(victim).toBeDefined();
    const killedAt = Date.now();
    await victim!.process.kill();
    await page.getByTestId('bot-worker').getByText(`-${survivor!.process.pid}-`).waitFor();
    process.stdout.write(
      `dashboard: bot shown on the surviving worker ${Date.now() - killedAt} ms after kill -9\n`,
    );
    await page
      .getByTestId('placement')
      .getByText(/Failover from/)
      .waitFor();

    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('link', { name: 'Browser DCA', exact: true }).waitFor();
    violations.push(...(await checkPage(page, 'overview')));
    await page.getByRole('link', { name: 'Bots', exact: true }).click();
    await page.getByRole('table', { name: 'Bots' }).getByText('Browser DCA').waitFor();
    violations.push(...(await checkPage(page, 'bots')));
    await page.getByRole('link', { name: 'Exchange accounts' }).click();
    await page.getByRole('heading', { name: 'Add an account' }).waitFor();
    violations.push(...(await checkPage(page, 'accounts')));
    await page.getByRole('link', { name: 'trader@example.com' }).click();
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    violations.push(...(await checkPage(page, 'settings')));

    // sell all and stop (the worker sells the position through intent-before-order), then delete
    await page.getByRole('link', { name: 'Bots', exact: true }).click();
    await page.getByRole('link', { name: 'Browser DCA', exact: true }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Sell all and stop' }).click();
    await page.getByRole('status').getByText(/sell/i).waitFor();
    await page
      .getByRole('heading', { name: /Browser DCA/ })
      .getByText('Stopped')
      .waitFor();
    await page
      .getByTestId('orders')
      .locator('tbody tr', { hasText: 'sell' })
      .first()
      .getByText('filled')
      .waitFor();
    violations.push(...(await checkPage(page, 'bot-detail-stopped')));
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No bots yet.').waitFor();

    expect(problemsOf(watched)).toEqual([]);
  }

  it('runs a backtest from the bot form, shows it live, compares two runs and makes a bot of one', async () => {
    const watched = await open();
    const { page } = watched;
    page.setDefaultTimeout(SEE_MS);
    try {
      await backtestJourney(watched);
    } catch (error) {
      await screenshot(page, 'backtest-failure').catch(() => undefined);
      const said = services
        .map((s) => s.process.output.split('\n').slice(-25).join('\n'))
        .join('\n---\n');
      throw new Error(`${String(error)}\nproblems: ${problemsOf(watched).join('\n')}\n${said}`);
    }
  }, 150_000);

  /** Two frames after a scroll, so a screenshot shows the newly exposed part drawn. */
  const painted = (page: WatchedPage['page']) =>
    page.evaluate(
      'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
    );

  /** Runs the bot form's backtest over the last day; waits for the detail page's metrics. */
  async function runBacktest(page: WatchedPage['page'], fastPeriod: string) {
    await page.getByLabel('Fast period').fill(fastPeriod);
    await page.getByRole('button', { name: 'Last day' }).click();
    const sentAt = Date.now();
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await page.getByRole('heading', { name: /Backtest: sma-cross BTC\/USDT 1m/ }).waitFor();
    // what a person sees while it runs (it may have finished already on a fast machine)
    await screenshot(page, `backtest-running-fast-${fastPeriod}`);
    // the page follows the run without a reload (live stream, else polling) to its metrics
    await page.getByTestId('metrics').waitFor({ timeout: 2 * SEE_MS });
    process.stdout.write(
      `dashboard: backtest (fast ${fastPeriod}, a day of 1m) shown finished ${Date.now() - sentAt} ms after Run\n`,
    );
  }

  async function backtestJourney(watched: WatchedPage) {
    const { page } = watched;
    await page.goto(app('signup'));
    await page.getByLabel('Email').fill('backtester@example.com');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();

    // the bot form's Backtest: the form's definition over the last day of 1m candles
    await page.getByRole('link', { name: 'New bot' }).first().click();
    await page.getByLabel('Name').fill('Backtested SMA');
    await page.getByLabel('Strategy').selectOption('sma-cross');
    // a refused range is shown at its field, before anything is sent
    await page.getByLabel('To', { exact: true }).fill('2020-01-01T00:00');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await page.getByText('must be after from').waitFor();
    violations.push(...(await checkPage(page, 'bot-form-backtest')));
    await runBacktest(page, '5');
    // the metrics with their units, the equity curve and the trades on the candles
    const metrics = page.getByTestId('metrics');
    await metrics.getByText('daily, annualised by √365').first().waitFor();
    expect(await metrics.getByRole('row').count()).toBe(14);
    await page.getByTestId('equity-chart').locator('canvas').first().waitFor();
    await page.getByTestId('trade-chart').locator('canvas').first().waitFor();
    const chartLabel = await page
      .getByTestId('trade-chart')
      .getByRole('img')
      .getAttribute('aria-label');
    const fills = Number(/(\d+) fills/.exec(chartLabel ?? '')?.[1]);
    expect(fills).toBeGreaterThan(0);
    expect(await page.getByTestId('trades').locator('tbody tr').count()).toBeGreaterThan(0);
    violations.push(...(await checkPage(page, 'backtest-detail')));
    await page.getByTestId('trade-chart').scrollIntoViewIfNeeded();
    await painted(page);
    await screenshot(page, 'backtest-detail-trades');

    // a second run with other params, from the same form (its input was kept)
    await page.goBack();
    await page.getByRole('heading', { name: 'New bot' }).waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe('Backtested SMA');
    await runBacktest(page, '12');

    // both on the backtests page; compare them
    await page.getByRole('link', { name: 'Backtests', exact: true }).click();
    const rows = page.getByTestId('backtest-row');
    await waitFor('two finished backtests listed', async () => (await rows.count()) === 2, {
      timeoutMs: SEE_MS,
    });
    await rows.getByText('Finished').nth(1).waitFor();
    violations.push(...(await checkPage(page, 'backtests')));
    for (const box of await page.getByRole('checkbox').all()) await box.check();
    await page.getByRole('button', { name: 'Compare selected (2)' }).click();
    await page.getByRole('heading', { name: 'Compare backtests' }).waitFor();
    await page.getByTestId('compare').getByText('Sharpe ratio').waitFor();
    await page.getByTestId('compare-chart').locator('canvas').first().waitFor();
    violations.push(...(await checkPage(page, 'backtest-compare')));
    await page.getByTestId('compare-chart').scrollIntoViewIfNeeded();
    await painted(page);
    await screenshot(page, 'backtest-compare-chart');

    // a bot from the first run: stopped, with the backtest's params
    await page.getByTestId('compare').getByRole('link').first().click();
    await page.getByTestId('metrics').waitFor();
    // a sweep from it: fastPeriod 5 and 8, run as two jobs and ranked
    await page.getByLabel('Values of fastPeriod').fill('5, 8');
    await page.getByRole('button', { name: 'Run sweep (2 combinations)' }).click();
    await page
      .getByTestId('sweep')
      .getByText(/2 of 2 done/)
      .waitFor({ timeout: 2 * SEE_MS });
    await page.getByTestId('sweep').scrollIntoViewIfNeeded();
    await painted(page);
    await screenshot(page, 'backtest-sweep');
    await page.getByLabel('Bot name').fill('From the backtest');
    await page.getByRole('button', { name: 'Create bot from this backtest' }).click();
    await page.getByRole('heading', { name: /From the backtest/ }).waitFor();
    await page.getByText(/sma-cross · paper/).waitFor();
    expect(problemsOf(watched)).toEqual([]);
  }

  it('shows an admin the cluster map with its workers', async () => {
    const api = new ApiClient(gateway.baseUrl);
    await api.signIn('operator@example.com', password);
    await withPgClient(db.url, (sql) =>
      sql.query(`UPDATE users SET role = 'admin' WHERE email = $1`, ['operator@example.com']),
    );
    const watched = await open();
    const { page } = watched;
    page.setDefaultTimeout(SEE_MS);
    await page.goto(app('admin/cluster'));
    await page.getByLabel('Email').fill('operator@example.com');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Cluster' }).waitFor();
    // by keyboard alone: Tab reaches the skip link first, then the navigation in order
    const focused: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      focused.push((await page.evaluate('document.activeElement.textContent')) as string);
    }
    expect(focused).toEqual(['Skip to content', 'Overview', 'Bots', 'Backtests']);
    const alive = workers.filter((w) => w.process.running).length;
    await waitFor(
      `${alive} workers on the cluster map`,
      async () => (await page.getByTestId('worker').count()) === alive,
      { timeoutMs: SEE_MS },
    );
    await page
      .getByTestId('gateways')
      .getByText(/api-gateway-/)
      .waitFor();
    violations.push(...(await checkPage(page, 'admin-cluster')));
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('cell', { name: 'operator@example.com', exact: true }).waitFor();
    // disable the trader (with a reason for the other operators), then enable them again
    const trader = page.getByRole('row', { name: /trader@example\.com/ });
    page.once('dialog', (dialog) => void dialog.accept('e2e: checking the switch'));
    await trader.getByRole('button', { name: 'Disable trader@example.com' }).click();
    await trader.getByText('Disabled').waitFor();
    await trader.getByText('e2e: checking the switch').waitFor();
    await trader.getByRole('button', { name: 'Enable' }).click();
    await trader.getByRole('button', { name: 'Disable trader@example.com' }).waitFor();
    violations.push(...(await checkPage(page, 'admin-users')));
    await page.getByRole('link', { name: 'Budgets' }).click();
    await page.getByRole('heading', { name: 'Request weight per minute' }).waitFor();
    await page.getByRole('region', { name: 'binance weight' }).waitFor();
    violations.push(...(await checkPage(page, 'admin-budgets')));
    expect(problemsOf(watched)).toEqual([]);
  }, 120_000);

  it('finds no serious or critical accessibility violation on any page', () => {
    expect(violations).toEqual([]);
  });
});
