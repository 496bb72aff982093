import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName } from '@platform/contracts';
import { recordSecretEnv, serviceOutputFile } from './test-run-output';
import { waitFor } from './wait-for';
import { workspaceRoot } from './workspace-root';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const HARNESS_PRELOAD = join(
  workspaceRoot(),
  'libs',
  'testing',
  'src',
  'lib',
  'harness-preload.cjs',
);

/** A built service (`node dist/apps/<app>/main.js`) running as a real child process. */
export class ServiceProcess {
  output = '';
  private readonly exited: Promise<Exit>;

  private constructor(
    readonly service: ServiceName,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    // the run's record for the secrets check (TEST_RUN_DIR), when there is one
    const file = serviceOutputFile(service, child.pid);
    if (file) {
      const out = createWriteStream(file, { flags: 'a' });
      child.stdout?.pipe(out, { end: false });
      child.stderr?.pipe(out, { end: false });
      child.once('close', () => out.end());
    }
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /**
   * Starts the service with exactly `env` (plus PATH), not the test's own environment, marked
   * as the harness's (it may read test-harness switches) unless `production` is set.
   * `nodeArgs` go to node before the script (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
   */
  static start(
    service: ServiceName,
    env: Record<string, string>,
    { production = false, nodeArgs = [] as string[] } = {},
  ): ServiceProcess {
    const main = join(workspaceRoot(), 'dist', 'apps', service, 'main.js');
    if (!existsSync(main))
      throw new Error(`${main} is missing: build the apps first (npm run build)`);
    const args = [...nodeArgs, ...(production ? [main] : ['-r', HARNESS_PRELOAD, main])];
    recordSecretEnv(env);
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env['PATH'] ?? '', LOG_FORMAT: 'text', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(service, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  waitForExit(timeoutMs = 15000): Promise<Exit> {
    return Promise.race([
      this.exited,
      new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(
              new Error(`${this.service} did not exit within ${timeoutMs} ms\n${this.output}`),
            ),
          timeoutMs,
        ).unref(),
      ),
    ]);
  }

  /** Sends `signal` and waits for the exit; resolves with how it ended and how long it took. */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 15000,
  ): Promise<Exit & { ms: number }> {
    const started = Date.now();
    if (this.running) this.child.kill(signal);
    const exit = await this.waitForExit(timeoutMs);
    return { ...exit, ms: Date.now() - started };
  }

  /** Sends SIGKILL if the process is still running (for afterAll). */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}

export interface HttpResult {
  status: number;
  body: unknown;
}

export async function httpGet(url: string, timeoutMs = 5000): Promise<HttpResult> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

/**
 * Waits until GET `url` answers with `status`; returns that answer. The default allows for four
 * services starting at once on a busy 2-core machine (seen to take over 20 s); it ends as soon as
 * the answer comes, so a healthy run waits no longer.
 */
export function waitForStatus(
  url: string,
  status: number,
  timeoutMs = 45_000,
): Promise<HttpResult> {
  return waitFor(
    `${url} to answer ${status}`,
    async () => {
      const result = await httpGet(url, 3000).catch(() => undefined);
      return result?.status === status ? result : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
}
