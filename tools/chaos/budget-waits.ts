import type { WorkerPool } from './workers';

/** The workers' waits for their API keys' order budget (ORDER_BUDGET_PER_10S). */
export interface BudgetWaits {
  /** Orders and cancels that took from the budget. */
  takes: number;
  /** Those that waited longer than 50 ms for it (the budget held them back). */
  waited: number;
}

const WAIT_METRIC = 'platform_exchange_budget_wait_seconds';
// the histogram bucket below which a take did not really wait
const NO_WAIT_BUCKET = '0.05';

/** Sums the order-budget waits of one worker's Prometheus text (every exchange). */
export function orderBudgetWaits(metrics: string): BudgetWaits {
  let takes = 0;
  let quick = 0;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(WAIT_METRIC) || !line.includes('budget="orders"')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith(`${WAIT_METRIC}_count`)) takes += value;
    else if (line.startsWith(`${WAIT_METRIC}_bucket`) && line.includes(`le="${NO_WAIT_BUCKET}"`))
      quick += value;
  }
  return { takes, waited: takes - quick };
}

/**
 * Reads every live worker's /metrics every few seconds and keeps each one's latest figures: a
 * worker killed with -9 keeps what was read before, so the sum is a lower bound.
 */
export class BudgetWaitScraper {
  private readonly latest = new Map<number, BudgetWaits>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: WorkerPool,
    private readonly everyMs = 2000,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.scrape(), this.everyMs);
    this.timer.unref(); // never what keeps the harness alive
  }

  async stop(): Promise<BudgetWaits> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.scrape();
    return this.total();
  }

  total(): BudgetWaits {
    const sum = { takes: 0, waited: 0 };
    for (const w of this.latest.values()) {
      sum.takes += w.takes;
      sum.waited += w.waited;
    }
    return sum;
  }

  private async scrape(): Promise<void> {
    await Promise.all(
      this.pool
        .live()
        .filter((w) => !w.frozen)
        .map(async (w) => {
          try {
            const response = await fetch(`http://127.0.0.1:${w.port}/metrics`, {
              signal: AbortSignal.timeout(1500),
            });
            if (response.ok) this.latest.set(w.pid, orderBudgetWaits(await response.text()));
          } catch {
            // busy or gone: its last figures stand
          }
        }),
    );
  }
}
