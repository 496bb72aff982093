export interface RateLimitOptions {
  /** REQUEST_WEIGHT per window and IP (Binance: 6000 per minute). */
  weightLimit: number;
  /** Window length; Binance counts per calendar minute (the header says 1M either way). */
  windowMs: number;
  /** 429 answers an IP may receive in one window before further requests get it banned. */
  rejectionsBeforeBan: number;
  /** First ban; each further ban of the same IP lasts twice as long, up to banMaxMs. */
  banBaseMs: number;
  banMaxMs: number;
}

export type Admission =
  | { kind: 'ok'; usedWeight: number }
  /** HTTP 429, -1003 */
  | { kind: 'limited'; usedWeight: number; retryAfterMs: number }
  /** HTTP 418, -1003 "IP banned until ..." */
  | { kind: 'banned'; usedWeight: number; untilMs: number; retryAfterMs: number };

interface IpState {
  windowStart: number;
  used: number;
  rejections: number;
  bannedUntil: number;
  bans: number;
}

/**
 * Binance's IP limits (rest-api.md "LIMITS"): request weight per IP over fixed windows, 429 with
 * Retry-After when over, and an IP ban (418, growing with each repeat) for clients that keep
 * sending after a 429. Rejected requests still count toward the used weight.
 */
export class RateLimiter {
  private readonly ips = new Map<string, IpState>();

  constructor(
    public options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  admit(ip: string, weight: number): Admission {
    const now = this.now();
    const state = this.current(ip, now);
    if (state.bannedUntil > now) {
      return {
        kind: 'banned',
        usedWeight: state.used,
        untilMs: state.bannedUntil,
        retryAfterMs: state.bannedUntil - now,
      };
    }
    state.used += weight;
    if (state.used <= this.options.weightLimit) return { kind: 'ok', usedWeight: state.used };
    if (state.rejections >= this.options.rejectionsBeforeBan) {
      state.bans += 1;
      const duration = Math.min(
        this.options.banBaseMs * 2 ** (state.bans - 1),
        this.options.banMaxMs,
      );
      state.bannedUntil = now + duration;
      return {
        kind: 'banned',
        usedWeight: state.used,
        untilMs: state.bannedUntil,
        retryAfterMs: duration,
      };
    }
    state.rejections += 1;
    return {
      kind: 'limited',
      usedWeight: state.used,
      retryAfterMs: state.windowStart + this.options.windowMs - now,
    };
  }

  usedWeight(ip: string): number {
    return this.current(ip, this.now()).used;
  }

  /** Forget usage and bans (admin reset); ban history too. */
  reset(): void {
    this.ips.clear();
  }

  private current(ip: string, now: number): IpState {
    const windowStart = Math.floor(now / this.options.windowMs) * this.options.windowMs;
    let state = this.ips.get(ip);
    if (!state) {
      state = { windowStart, used: 0, rejections: 0, bannedUntil: 0, bans: 0 };
      this.ips.set(ip, state);
    } else if (state.windowStart !== windowStart) {
      state.windowStart = windowStart;
      state.used = 0;
      state.rejections = 0;
    }
    return state;
  }
}

/** Retry-After is whole seconds; never 0 while the client must still wait. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
