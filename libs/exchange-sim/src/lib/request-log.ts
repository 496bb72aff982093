/** How an API request ended, from the simulator's side. */
export type Outcome =
  | 'ok'
  /** answered with a Binance error (4xx) */
  | 'error'
  /** 429 over the weight limit */
  | 'rate_limited'
  /** 418 while the IP is banned */
  | 'banned'
  | 'fault_429'
  | 'fault_5xx'
  /** executed, then answered 503 -1007 */
  | 'fault_5xx_executed'
  | 'dropped'
  /** executed, never answered */
  | 'unknown_outcome'
  /** the server was stopped or the client went away first */
  | 'aborted';

export interface RequestLogEntry {
  seq: number;
  /** wall-clock ms at arrival */
  time: number;
  method: string;
  path: string;
  /** The query string (`?symbol=BTCUSDT&...`), without the signature. */
  query: string;
  ip: string;
  apiKey: string | undefined;
  weight: number;
  status: number | undefined;
  code: number | undefined;
  outcome: Outcome | undefined;
}

export interface RequestCounts {
  total: number;
  /** 'GET /api/v3/ticker/24hr' -> n */
  byPath: Record<string, number>;
  byIp: Record<string, number>;
  /** only requests that carried an X-MBX-APIKEY header */
  byApiKey: Record<string, number>;
  byOutcome: Record<string, number>;
}

/**
 * Every API request (not /admin): the latest `capacity` in full, and counts since the last
 * clear (not bounded by capacity) so tests can count upstream calls.
 */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;
  private counts: RequestCounts = emptyCounts();

  constructor(private readonly capacity: number) {}

  start(
    entry: Omit<RequestLogEntry, 'seq' | 'status' | 'code' | 'outcome' | 'weight'>,
  ): RequestLogEntry {
    const full: RequestLogEntry = {
      ...entry,
      seq: ++this.seq,
      weight: 0,
      status: undefined,
      code: undefined,
      outcome: undefined,
    };
    this.entries.push(full);
    if (this.entries.length > this.capacity)
      this.entries.splice(0, this.entries.length - this.capacity);
    const c = this.counts;
    c.total += 1;
    bump(c.byPath, `${entry.method} ${entry.path}`);
    bump(c.byIp, entry.ip);
    if (entry.apiKey !== undefined) bump(c.byApiKey, entry.apiKey);
    return full;
  }

  finish(entry: RequestLogEntry, outcome: Outcome, status?: number, code?: number): void {
    if (entry.outcome !== undefined) return;
    entry.outcome = outcome;
    entry.status = status;
    entry.code = code;
    bump(this.counts.byOutcome, outcome);
  }

  list(
    filter: { path?: string; method?: string; apiKey?: string; limit?: number } = {},
  ): RequestLogEntry[] {
    const matching = this.entries.filter(
      (e) =>
        (filter.path === undefined || e.path === filter.path) &&
        (filter.method === undefined || e.method === filter.method) &&
        (filter.apiKey === undefined || e.apiKey === filter.apiKey),
    );
    const list = filter.limit === undefined ? matching : matching.slice(-filter.limit);
    return list.map((e) => ({ ...e }));
  }

  totals(): RequestCounts {
    return structuredClone(this.counts);
  }

  clear(): void {
    this.entries = [];
    this.counts = emptyCounts();
  }
}

function emptyCounts(): RequestCounts {
  return { total: 0, byPath: {}, byIp: {}, byApiKey: {}, byOutcome: {} };
}

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}
