import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@platform/testing';

// The Prometheus files of tools/deploy/prometheus as promtool (Debian package `prometheus`)
// checks them, and the Grafana dashboard against the metric names the alerts use.
const dir = join(workspaceRoot(), 'tools', 'deploy', 'prometheus');

function promtool(args: string[], cwd = dir) {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (result.error)
    throw new Error(`promtool is not installed (apt install prometheus): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('tools/deploy/prometheus', () => {
  let scratch: string;

  beforeAll(() => {
    // the compose config names its files where the container mounts them, the notebooks'
    // config a token file the operator writes: both go to a scratch copy
    scratch = mkdtempSync(join(tmpdir(), 'prometheus-'));
    cpSync(dir, scratch, { recursive: true });
    writeFileSync(join(scratch, 'metrics-token'), 'a-token\n');
    const compose = readFileSync(join(dir, 'prometheus.yml'), 'utf8').replaceAll(
      '/etc/prometheus/',
      `${scratch}/`,
    );
    writeFileSync(join(scratch, 'prometheus.yml'), compose);
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('both scrape configs pass promtool check config (with the alert rules they load)', () => {
    for (const file of ['prometheus.yml', 'prometheus.notebooks.yml']) {
      const result = promtool(['check', 'config', file], scratch);
      expect({ file, output: result.output, status: result.status }).toMatchObject({
        file,
        status: 0,
      });
      expect(result.output).toContain('SUCCESS: 12 rules found');
    }
  });

  it('every service is scraped in both configs, the notebooks’ with the bearer token', () => {
    const notebooks = readFileSync(join(dir, 'prometheus.notebooks.yml'), 'utf8');
    const compose = readFileSync(join(dir, 'prometheus.yml'), 'utf8');
    for (const job of ['api-gateway', 'bot-worker', 'market-data']) {
      expect(compose).toContain(`job_name: ${job}`);
      expect(notebooks).toContain(`files: [targets/${job}.yml]`);
    }
    expect(notebooks.match(/credentials_file: metrics-token/g)).toHaveLength(3);
  });

  it('the alert rules pass promtool check rules', () => {
    const result = promtool(['check', 'rules', 'alerts.yml']);
    expect(result.output).toContain('SUCCESS: 12 rules found');
    expect(result.status).toBe(0);
  });

  it('every alert has a unit test, and promtool test rules passes them all', () => {
    const alerts = [
      ...readFileSync(join(dir, 'alerts.yml'), 'utf8').matchAll(/- alert: (\w+)/g),
    ].map((m) => m[1]);
    const tests = readFileSync(join(dir, 'alerts.test.yml'), 'utf8');
    expect(alerts).toEqual(
      expect.arrayContaining([
        'BotWithoutOwner',
        'BotWorkerDown',
        'BotWorkerGone',
        'FailoversHigh',
        'ExchangeRateLimited',
        'OrdersFailing',
        'MarketDataStale',
        'PostgresUnreachable',
        'RedisUnreachable',
        'WeightBudgetNearLimit',
      ]),
    );
    for (const alert of alerts)
      expect({ alert, tested: tests.includes(`alertname: ${alert}`) }).toEqual({
        alert,
        tested: true,
      });
    const result = promtool(['test', 'rules', 'alerts.test.yml']);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});

describe('tools/deploy/grafana', () => {
  const grafana = join(workspaceRoot(), 'tools', 'deploy', 'grafana');
  const dashboard = JSON.parse(
    readFileSync(join(grafana, 'dashboards', 'platform-cluster.json'), 'utf8'),
  ) as {
    uid: string;
    panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[];
  };

  it('the dashboard reads the provisioned datasource, one panel per figure, valid PromQL names', () => {
    const datasource = readFileSync(
      join(grafana, 'provisioning', 'datasources', 'prometheus.yml'),
      'utf8',
    );
    const uid = /uid: (\S+)/.exec(datasource)?.[1];
    expect(uid).toBe('platform-prometheus');
    expect(dashboard.panels.length).toBeGreaterThan(10);
    for (const panel of dashboard.panels) {
      expect({ panel: panel.title, uid: panel.datasource.uid }).toEqual({
        panel: panel.title,
        uid,
      });
      expect(panel.targets.length).toBeGreaterThan(0);
    }
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const family of [
      'platform_worker_bots_held',
      'platform_bots_without_owner',
      'platform_bot_failovers_total',
      'platform_bot_unowned_seconds_bucket',
      'platform_lease_renewal_seconds_bucket',
      'platform_orders_total',
      'platform_exchange_requests_total',
      'platform_http_requests_total',
      'platform_market_data_age_seconds',
      'platform_dependency_up',
    ])
      expect(exprs).toContain(family);
  });

  it('the dashboard provider loads the folder compose mounts', () => {
    const provider = readFileSync(
      join(grafana, 'provisioning', 'dashboards', 'platform.yml'),
      'utf8',
    );
    expect(provider).toContain('path: /var/lib/grafana/dashboards');
    const compose = readFileSync(join(workspaceRoot(), 'docker-compose.yml'), 'utf8');
    expect(compose).toContain('./tools/deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro');
    expect(compose).toContain('./tools/deploy/grafana/provisioning:/etc/grafana/provisioning:ro');
  });
});
