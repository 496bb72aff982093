// How long an operator waits for the page: a real Prometheus (Debian's `prometheus`) with the
// shipped alert rules (tools/deploy/prometheus/alerts.yml) and the shipped scrape and rule
// intervals scrapes a real bot-worker; the worker is killed with SIGKILL at a random moment of a
// scrape interval, and Prometheus' API is polled until BotWorkerDown fires. The expected figure
// is the rule's `for` plus up to one scrape and one evaluation interval.
// Figures only, no assertions. Prints one JSON line.
//   npm run bench:alert-detection -- [--runs 3] [--scrape-seconds 0] [--for-seconds 0]
// (0: the shipped value; smaller ones make a quick run, as the smoke test does)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ServiceProcess, waitForStatus, workspaceRoot } from '@platform/testing';
import {
  parseFlags,
  percentile,
  printFigures,
  progress,
  runBench,
  sleep,
  startStores,
} from './bench-kit';
import { waitUntil } from './bench-wait';

const ALERT = 'BotWorkerDown';
const flags = parseFlags('npm run bench:alert-detection --', {
  runs: 3,
  scrapeSeconds: 0,
  forSeconds: 0,
});
const log = progress('bench:alert-detection');
const deployDir = join(workspaceRoot(), 'tools/deploy/prometheus');

/** The shipped global interval (`scrape_interval: 10s`) of the notebooks' configuration. */
function shippedSeconds(setting: 'scrape_interval' | 'evaluation_interval'): number {
  const config = readFileSync(join(deployDir, 'prometheus.notebooks.yml'), 'utf8');
  const match = new RegExp(`${setting}: (\\d+)s`).exec(config);
  if (!match) throw new Error(`no ${setting} in prometheus.notebooks.yml`);
  return Number(match[1]);
}

/** The `for:` of the alert's rule in alerts.yml (its value in group 2, the unit in group 3). */
const ALERT_FOR = new RegExp(`(alert: ${ALERT}\\n(?:.*\\n)*?\\s+for: )(\\d+)([smh])`);
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;
const shippedRules = () => readFileSync(join(deployDir, 'alerts.yml'), 'utf8');

/** The shipped rule's `for`, in seconds. */
function forOfShippedRule(): number {
  const match = ALERT_FOR.exec(shippedRules());
  if (!match) throw new Error(`no 'for' of ${ALERT} in alerts.yml`);
  return Number(match[2]) * UNIT_SECONDS[match[3] as keyof typeof UNIT_SECONDS];
}

/** alerts.yml as shipped, or with the alert's `for` shortened for a quick run. */
function rulesText(forSeconds: number): string {
  const rules = shippedRules();
  if (forSeconds === 0) return rules;
  if (!ALERT_FOR.test(rules)) throw new Error(`no 'for' of ${ALERT} in alerts.yml`);
  return rules.replace(ALERT_FOR, `$1${forSeconds}s`);
}

async function startPrometheus(dir: string, workerPort: number, scrapeS: number, evalS: number) {
  const port = await freePort();
  writeFileSync(join(dir, 'alerts.yml'), rulesText(flags.forSeconds));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      `  scrape_interval: ${scrapeS}s`,
      `  scrape_timeout: ${Math.min(scrapeS, 5)}s`,
      `  evaluation_interval: ${evalS}s`,
      'rule_files: [alerts.yml]',
      'scrape_configs:',
      '  - job_name: bot-worker',
      `    static_configs: [{ targets: ['127.0.0.1:${workerPort}'] }]`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  await waitForStatus(`${url}/-/ready`, 200, 30_000).catch((error: Error) => {
    throw new Error(`${error.message}\nprometheus said:\n${output}`);
  });
  return { child, url };
}

/** `up` of the worker as Prometheus last saw it (null before the first scrape). */
async function upValue(prometheus: string): Promise<number | null> {
  const response = await fetch(`${prometheus}/api/v1/query?query=up{job="bot-worker"}`);
  const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
  const sample = body.data.result[0];
  return sample ? Number(sample.value[1]) : null;
}

async function alertFiring(prometheus: string): Promise<boolean> {
  const response = await fetch(`${prometheus}/api/v1/alerts`);
  const body = (await response.json()) as {
    data: { alerts: { labels: { alertname: string }; state: string }[] };
  };
  return body.data.alerts.some((a) => a.labels.alertname === ALERT && a.state === 'firing');
}

runBench(async () => {
  const scrapeS = flags.scrapeSeconds || shippedSeconds('scrape_interval');
  const evalS = flags.scrapeSeconds || shippedSeconds('evaluation_interval');
  const forS = flags.forSeconds || forOfShippedRule();
  const stores = await startStores();
  const dir = mkdtempSync(join(tmpdir(), 'bench-alert-'));
  const detections: number[] = [];
  let prometheus: ChildProcess | undefined;
  let worker: ServiceProcess | undefined;
  try {
    for (let run = 1; run <= flags.runs; run++) {
      const workerPort = await freePort();
      worker = ServiceProcess.start('bot-worker', {
        ...stores.serviceEnv,
        BOT_WORKER_HTTP_PORT: String(workerPort),
      });
      await waitForStatus(`http://127.0.0.1:${workerPort}/health/ready`, 200, 60_000);
      rmSync(join(dir, 'data'), { recursive: true, force: true }); // a fresh history per run
      const started = await startPrometheus(dir, workerPort, scrapeS, evalS);
      prometheus = started.child;
      await waitUntil('the first scrape', async () => (await upValue(started.url)) === 1, {
        timeoutMs: 60_000,
        intervalMs: 100,
        processes: [worker],
      });
      await sleep(Math.random() * scrapeS * 1000); // anywhere in a scrape interval
      const killedAt = performance.now();
      await worker.kill();
      log(`run ${run}: worker killed, waiting for ${ALERT}`);
      await waitUntil(`${ALERT} firing`, () => alertFiring(started.url), {
        timeoutMs: (forS + 4 * scrapeS) * 1000,
        intervalMs: 100,
      });
      const seconds = (performance.now() - killedAt) / 1000;
      detections.push(Math.round(seconds * 10) / 10);
      log(`run ${run}: ${ALERT} firing ${seconds.toFixed(1)} s after kill -9`);
      // the next run reuses the directory: this one must have let go of its storage lock
      const exited = once(prometheus, 'exit');
      prometheus.kill('SIGKILL');
      await exited;
      prometheus = undefined;
    }
    printFigures({
      bench: 'alert-detection',
      alert: ALERT,
      runs: detections.length,
      scrape_interval_s: scrapeS,
      evaluation_interval_s: evalS,
      for_s: forS,
      detect_s: detections,
      detect_median_s:
        (percentile(
          detections.map((s) => s * 1000),
          50,
        ) ?? 0) / 1000,
      detect_max_s: Math.max(...detections),
    });
  } finally {
    prometheus?.kill('SIGKILL');
    await worker?.kill();
    await stores.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
