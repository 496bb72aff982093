import { TOO_MANY_ORDERS } from './errors';
import { retryAfterSeconds } from './rate-limiter';

export type LimitInterval = 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY';

/** One ORDERS rate limit as exchangeInfo lists it. */
export interface OrderLimit {
  interval: LimitInterval;
  intervalNum: number;
  limit: number;
}

/** Binance's spot ORDERS limits (exchangeInfo `rateLimits`): 100 per 10 s, 200,000 per day. */
export const DEFAULT_ORDER_LIMITS: readonly OrderLimit[] = [
  { interval: 'SECOND', intervalNum: 10, limit: 100 },
  { interval: 'DAY', intervalNum: 1, limit: 200_000 },
];

const INTERVAL_MS: Record<LimitInterval, number> = {
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
};

interface Window {
  start: number;
  count: number;
}

/**
 * The unfilled order count per account (rest-api.md "Unfilled Order Count",
 * faqs/order_count_decrement.md): every new order adds one in each interval, an order's first
 * fill takes one off again (never below zero), cancels and expiries change nothing. Windows
 * are fixed and UTC-aligned ("you can place at most 100 new orders between 12:34:00 and
 * 12:34:10"); over a limit the order is refused with 429 -1015 and Retry-After.
 */
export class OrderCounter {
  private readonly windows = new Map<string, Window[]>();

  constructor(
    public limits: readonly OrderLimit[],
    private readonly now: () => number,
  ) {}

  /** Throws -1015 when any interval of this account is full. */
  admit(apiKey: string): void {
    const now = this.now();
    this.current(apiKey, now).forEach((window, i) => {
      const limit = this.limits[i];
      if (window.count < limit.limit) return;
      const ends = window.start + lengthMs(limit);
      throw TOO_MANY_ORDERS(limit.limit, label(limit), retryAfterSeconds(ends - now));
    });
  }

  /** Counts a new order; the answer's X-MBX-ORDER-COUNT-* headers. */
  record(apiKey: string): Record<string, string> {
    const windows = this.current(apiKey, this.now());
    for (const window of windows) window.count += 1;
    return Object.fromEntries(
      this.limits.map((limit, i) => [headerName(limit), String(windows[i].count)]),
    );
  }

  /** An order's first fill: one order less in every interval. */
  credit(apiKey: string): void {
    for (const window of this.current(apiKey, this.now())) {
      window.count = Math.max(0, window.count - 1);
    }
  }

  /** GET /api/v3/rateLimit/order */
  usage(apiKey: string): Record<string, string | number>[] {
    const windows = this.current(apiKey, this.now());
    return this.limits.map((limit, i) => ({
      rateLimitType: 'ORDERS',
      interval: limit.interval,
      intervalNum: limit.intervalNum,
      limit: limit.limit,
      count: windows[i].count,
    }));
  }

  reset(): void {
    this.windows.clear();
  }

  private current(apiKey: string, now: number): Window[] {
    let windows = this.windows.get(apiKey);
    if (!windows || windows.length !== this.limits.length) {
      windows = this.limits.map(() => ({ start: 0, count: 0 }));
      this.windows.set(apiKey, windows);
    }
    this.limits.forEach((limit, i) => {
      const start = Math.floor(now / lengthMs(limit)) * lengthMs(limit);
      if (windows[i].start !== start) windows[i] = { start, count: 0 };
    });
    return windows;
  }
}

function lengthMs(limit: OrderLimit): number {
  return INTERVAL_MS[limit.interval] * limit.intervalNum;
}

/** as the live message writes it: "60 orders per 10 SECOND" */
function label(limit: OrderLimit): string {
  return `${limit.intervalNum} ${limit.interval}`;
}

/** rest-api.md "LIMITS": X-MBX-ORDER-COUNT-(intervalNum)(intervalLetter) */
function headerName(limit: OrderLimit): string {
  return `X-MBX-ORDER-COUNT-${limit.intervalNum}${limit.interval[0]}`;
}
