// npm run ops:rolling-restart -- --gateway NAME=URL ... --worker NAME=URL ... [--restart TEMPLATE]
// Restarts every listed service one at a time with a command per service (systemd by default),
// waiting for each to be healthy again before the next. See docs/operations.md.
import { spawn } from 'node:child_process';
import { type ClusterSnapshot, type RestartTarget, rollingRestart } from './rolling-restart';

export const USAGE = `usage: npm run ops:rolling-restart -- [options]
  --gateway NAME=URL     an api-gateway: NAME for the restart command, URL its own HTTP port
                         (e.g. api-gateway=http://10.0.0.11:3000); repeat for each
  --worker NAME=URL      a bot-worker (e.g. bot-worker@1=http://10.0.0.11:3101); repeat for each
  --restart TEMPLATE     the command that restarts one service, {name} replaced by NAME
                         (default: systemctl restart {name}); e.g.
                         'docker compose up -d --no-deps --force-recreate {name}'
                         'ssh {name} sudo systemctl restart api-gateway' (NAME a host)
  --via URL              the balancer's readiness URL (e.g. http://lb/health/ready): must answer
                         200 after each gateway step
  --cluster URL          a gateway (or the balancer): its /cluster tells when a restarted worker
                         is registered and every bot is held again (needs CLUSTER_TOKEN, an
                         admin's session token); without it a worker step waits for
                         /health/ready only
  --gateway-settle-s S   wait after each gateway is back (default 6: nginx's fail_timeout 5 s)
  --step-timeout-s S     how long one service may take to be back (default 120)
  --dry-run              print the plan and the commands, restart nothing`;

export interface CliOptions {
  targets: RestartTarget[];
  restartTemplate: string;
  via?: string;
  cluster?: string;
  gatewaySettleMs: number;
  stepTimeoutMs: number;
  dryRun: boolean;
}

export class UsageError extends Error {}

function target(kind: RestartTarget['kind'], value: string): RestartTarget {
  const at = value.indexOf('=');
  const name = value.slice(0, at);
  const url = value.slice(at + 1).replace(/\/+$/, '');
  if (at <= 0 || !/^https?:\/\/[^/]+$/.test(url))
    throw new UsageError(`--${kind} wants NAME=http://host:port, got "${value}"`);
  return { kind, name, url };
}

function seconds(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} wants seconds, got "${value}"`);
  return n * 1000;
}

export function parseCli(argv: readonly string[]): CliOptions | 'help' {
  const options: CliOptions = {
    targets: [],
    restartTemplate: 'systemctl restart {name}',
    gatewaySettleMs: 6000,
    stepTimeoutMs: 120_000,
    dryRun: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help') return 'help';
    if (flag === '--dry-run') {
      options.dryRun = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--gateway') options.targets.push(target('gateway', value));
    else if (flag === '--worker') options.targets.push(target('worker', value));
    else if (flag === '--restart') options.restartTemplate = value;
    else if (flag === '--via') options.via = value;
    else if (flag === '--cluster') options.cluster = value.replace(/\/+$/, '');
    else if (flag === '--gateway-settle-s') options.gatewaySettleMs = seconds(flag, value);
    else if (flag === '--step-timeout-s') options.stepTimeoutMs = seconds(flag, value);
    else throw new UsageError(`unknown option ${flag}`);
  }
  if (options.targets.length === 0) throw new UsageError('name at least one --gateway or --worker');
  if (!options.restartTemplate.includes('{name}'))
    throw new UsageError('--restart must contain {name}');
  return options;
}

/** The template with {name} filled in, for `sh -c` (the name quoted for the shell). */
export const restartCommand = (template: string, name: string): string =>
  template.replaceAll('{name}', `'${name.replaceAll("'", `'\\''`)}'`);

function run(command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`"${command}" exited with ${code}`)),
    );
  });
}

async function status(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

function clusterReader(base: string, token: string) {
  return async (): Promise<ClusterSnapshot | undefined> => {
    const response = await fetch(`${base}/cluster`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5000),
    }).catch(() => undefined);
    if (!response?.ok) return undefined;
    return (await response.json()) as ClusterSnapshot;
  };
}

async function main(): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.dryRun) {
    for (const t of options.targets)
      process.stdout.write(
        `${t.kind} ${t.name}: ${restartCommand(options.restartTemplate, t.name)}\n`,
      );
    return 0;
  }
  const token = process.env['CLUSTER_TOKEN'];
  if (options.cluster && !token) {
    process.stderr.write('--cluster needs CLUSTER_TOKEN (an admin session token)\n');
    return 2;
  }
  const { restartTemplate } = options;
  const reports = await rollingRestart(options.targets, {
    restart: (t) => run(restartCommand(restartTemplate, t.name)),
    status,
    cluster: options.cluster && token ? clusterReader(options.cluster, token) : undefined,
    viaUrl: options.via,
    gatewaySettleMs: options.gatewaySettleMs,
    stepTimeoutMs: options.stepTimeoutMs,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    `${JSON.stringify({ restarted: reports.map((r) => ({ name: r.target.name, ms: r.ms })) })}\n`,
  );
  return 0;
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`rolling restart stopped: ${error.message}\n`);
      process.exit(1);
    },
  );
