import { performance } from 'node:perf_hooks';

/**
 * How late this process's timers run: the worst delay of a 50 ms probe over its last few
 * firings. A worker whose event loop falls behind stops claiming more bots until it catches
 * up: claims and the boots they start are what load it, and a loop late by more than the
 * lease's safety allowance would lose every lease it holds, then claim them all again.
 */
export class LoopLag {
  private timer?: NodeJS.Timeout;
  private last = performance.now();
  private readonly delays: number[] = [];

  constructor(
    private readonly everyMs = 50,
    private readonly window = 10,
  ) {}

  start(): void {
    this.last = performance.now();
    this.timer ??= setInterval(() => {
      const now = performance.now();
      this.delays.push(Math.max(0, now - this.last - this.everyMs));
      if (this.delays.length > this.window) this.delays.shift();
      this.last = now;
    }, this.everyMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The worst delay seen recently, in ms (including the probe overdue right now). */
  get recentMs(): number {
    const overdue = performance.now() - this.last - this.everyMs;
    return Math.max(0, overdue, ...this.delays);
  }
}
