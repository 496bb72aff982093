import { freePort, ServiceProcess } from '@platform/testing';

const WATCH_MS = 500;
const STOP_WAIT_MS = 10000;

/**
 * The one market-data process of the run: it polls the simulator and writes the tickers and
 * the markets snapshot the workers trade on. Not a fault target: if it dies anyway, it is
 * started again (and the exit reported as an anomaly).
 */
export class MarketDataProcess {
  private current?: ServiceProcess;
  private readonly started: ServiceProcess[] = [];
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private restarting = false;
  readonly anomalies: string[] = [];

  constructor(
    private readonly env: Record<string, string>,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    await this.spawn();
    this.timer = setInterval(() => void this.watch(), WATCH_MS);
  }

  /** Every process's output, oldest first (for --logs). */
  output(): string {
    return this.started
      .map((p, i) => `=== market-data #${i + 1} (pid ${p.pid}) ===\n${p.output}`)
      .join('\n');
  }

  get restarts(): number {
    return Math.max(0, this.started.length - 1);
  }

  /** SIGTERM (graceful), SIGKILL if it takes too long; no restart after this. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const process = this.current;
    if (!process?.running) return;
    await process.stop('SIGTERM', STOP_WAIT_MS).catch(() => process.kill());
  }

  private async spawn(): Promise<void> {
    const port = await freePort();
    if (this.stopped) return;
    const process = ServiceProcess.start('market-data', {
      ...this.env,
      MARKET_DATA_HTTP_PORT: String(port),
    });
    this.current = process;
    this.started.push(process);
  }

  private async watch(): Promise<void> {
    const process = this.current;
    if (this.stopped || this.restarting || !process || process.running) return;
    this.restarting = true;
    try {
      const tail = process.output.trimEnd().split('\n').slice(-10).join('\n    | ');
      const line = `market-data (pid ${process.pid}) exited on its own; started again`;
      this.anomalies.push(line);
      this.log(`${line}\n    | ${tail}`);
      await this.spawn();
    } finally {
      this.restarting = false;
    }
  }
}
