import { freePort, ServiceProcess } from '@platform/testing';

/** One bot-worker process the harness started. */
export interface Worker {
  /** 1, 2, 3... in start order (for logs). */
  n: number;
  process: ServiceProcess;
  pid: number;
  port: number;
  /** Between SIGSTOP and SIGCONT. */
  frozen: boolean;
  /** The harness ended it on purpose (kill -9, SIGTERM, cleanup). */
  ended: boolean;
}

// A worker's id is `bot-worker-<host>-<pid>-<6 hex>` (ServiceIdentity); the pid ties a
// bot_runtime owner to the process the harness holds.
export const pidOfWorkerId = (workerId: string): number | null => {
  const match = /-(\d+)-[0-9a-f]+$/.exec(workerId);
  return match ? Number(match[1]) : null;
};

const trySignal = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
};

/** Starts, signals and finally kills the bot-worker processes; keeps every one for its logs. */
export class WorkerPool {
  private readonly started: Worker[] = [];
  private closed = false;

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<Worker> {
    const port = await freePort();
    // After killAll (cleanup) nothing new may start: it would outlive the harness.
    if (this.closed) throw new Error('the harness is stopping: no new workers');
    const process = ServiceProcess.start('bot-worker', {
      ...this.env,
      BOT_WORKER_HTTP_PORT: String(port),
    });
    if (process.pid === undefined) throw new Error('bot-worker did not start (no pid)');
    const worker: Worker = {
      n: this.started.length + 1,
      process,
      pid: process.pid,
      port,
      frozen: false,
      ended: false,
    };
    this.started.push(worker);
    return worker;
  }

  /** Workers that run (frozen ones included). */
  live(): Worker[] {
    return this.started.filter((w) => w.process.running);
  }

  all(): readonly Worker[] {
    return this.started;
  }

  /** Workers that exited without the harness asking them to. */
  unexpectedlyGone(): Worker[] {
    return this.started.filter((w) => !w.ended && !w.process.running);
  }

  // (Only while our child runs: a pid that exited may already belong to someone else.)
  freeze(worker: Worker): void {
    if (!worker.process.running) return;
    worker.frozen = true;
    trySignal(worker.pid, 'SIGSTOP');
  }

  thaw(worker: Worker): void {
    if (worker.process.running) trySignal(worker.pid, 'SIGCONT');
    worker.frozen = false;
  }

  /** kill -9 and wait for the exit. */
  async kill(worker: Worker): Promise<void> {
    worker.ended = true;
    await worker.process.kill();
  }

  /** SIGTERM and wait up to `timeoutMs`; throws (worker still running) on timeout. */
  async terminate(worker: Worker, timeoutMs: number) {
    worker.ended = true;
    return worker.process.stop('SIGTERM', timeoutMs);
  }

  /** Cleanup: SIGCONT first (a stopped process would hold its signals), then SIGKILL. */
  async killAll(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.started.map(async (worker) => {
        worker.ended = true;
        if (!worker.process.running) return;
        this.thaw(worker);
        await worker.process.kill();
      }),
    );
  }

  /** Writes refused by fencing that the workers logged (StaleFenceTokenError): a lower bound. */
  refusedWrites(): number {
    return this.started.reduce(
      (sum, w) =>
        sum + (w.process.output.match(/is superseded; a newer owner exists/g)?.length ?? 0),
      0,
    );
  }
}

/** The last `lines` lines of a worker's output, indented, for stderr. */
export const tail = (worker: Worker, lines = 20): string =>
  worker.process.output
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((line) => `    | ${line}`)
    .join('\n');
