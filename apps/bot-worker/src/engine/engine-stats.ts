import {
  type IntervalHistogram,
  monitorEventLoopDelay,
  PerformanceObserver,
} from 'node:perf_hooks';

/** Told about each evaluation and order as it happens (the worker's Prometheus metrics). */
export interface EngineObserver {
  evaluated(): void;
  ordered(exchange: string, status: string): void;
}

/**
 * What this worker's engine did since the last read: evaluations, orders, and the event loop's
 * delay (the figure that says whether the worker carries its bots in time).
 */
export class EngineStats {
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private evaluations = 0;
  private orders = 0;
  private since = Date.now();
  private cpuSince = process.cpuUsage();
  private gcPauses: number[] = [];
  private observer?: EngineObserver;

  constructor() {
    this.loop.enable();
    // garbage collection pauses stop every bot of the worker at once: worth watching
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) this.gcPauses.push(entry.duration);
    }).observe({ entryTypes: ['gc'] });
  }

  observe(observer: EngineObserver): void {
    this.observer = observer;
  }

  evaluated(): void {
    this.evaluations++;
    this.observer?.evaluated();
  }

  /** An order the exchange answered (`status` as it said) or refused (`rejected`, `unknown`). */
  ordered(exchange: string, status: string): void {
    if (status !== 'rejected' && status !== 'unknown') this.orders++;
    this.observer?.ordered(exchange, status);
  }

  /** Figures since the previous call, then starts a new window. */
  read() {
    const now = Date.now();
    const seconds = Math.max(0.001, (now - this.since) / 1000);
    const cpu = process.cpuUsage(this.cpuSince);
    const figures = {
      windowSeconds: Number(seconds.toFixed(3)),
      evaluationsPerSecond: Number((this.evaluations / seconds).toFixed(1)),
      ordersPerSecond: Number((this.orders / seconds).toFixed(2)),
      eventLoopLagMs: {
        p50: Number((this.loop.percentile(50) / 1e6).toFixed(2)),
        p99: Number((this.loop.percentile(99) / 1e6).toFixed(2)),
        max: Number((this.loop.max / 1e6).toFixed(2)),
      },
      cpuPercent: Number((((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(1)),
      rssMb: Number((process.memoryUsage().rss / 2 ** 20).toFixed(1)),
      heapUsedMb: Number((process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)),
      gc: {
        count: this.gcPauses.length,
        totalMs: Number(this.gcPauses.reduce((a, b) => a + b, 0).toFixed(1)),
        maxMs: Number(Math.max(0, ...this.gcPauses).toFixed(1)),
      },
    };
    this.gcPauses = [];
    this.loop.reset();
    this.evaluations = 0;
    this.orders = 0;
    this.since = now;
    this.cpuSince = process.cpuUsage();
    return figures;
  }
}
