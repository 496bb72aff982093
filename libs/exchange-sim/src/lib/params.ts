import {
  DUPLICATE_PARAM,
  ILLEGAL_CHARS,
  INVALID_SYMBOL,
  MANDATORY_PARAM,
  TOO_MUCH_PRECISION,
  UNREAD_PARAMS,
} from './errors';
import { type Fixed, parseDecimal } from './fixed';

const DECIMAL_RANGE = '^([0-9]{1,20})(\\.[0-9]{1,20})?$';

/**
 * Timestamps from 1e14 on are microseconds (rest-api.md: "Timestamp parameters (e.g.
 * startTime, endTime, timestamp) can be passed in milliseconds or microseconds"): 1e14 ms is
 * the year 5138, 1e14 us is 1973.
 */
const MICROSECONDS_FROM = 1e14;

/**
 * Request parameters: the query string and the form body, as Binance reads them (rest-api.md
 * "General Information on Endpoints": a parameter sent in both, the query string's is used).
 */
export class Params {
  /** the first name sent twice in the query string or twice in the body (-1101) */
  readonly duplicate: string | undefined;

  constructor(
    private readonly values: ReadonlyMap<string, string>,
    duplicate?: string,
  ) {
    this.duplicate = duplicate;
  }

  /** `parse(query, body)`: the query's value wins over the body's. */
  static parse(...encoded: string[]): Params {
    const values = new Map<string, string>();
    let duplicate: string | undefined;
    for (const text of encoded) {
      const seen = new Set<string>();
      for (const [name, value] of new URLSearchParams(text)) {
        if (seen.has(name)) duplicate ??= name;
        seen.add(name);
        if (!values.has(name)) values.set(name, value);
      }
    }
    return new Params(values, duplicate);
  }

  has(name: string): boolean {
    const value = this.values.get(name);
    return value !== undefined && value !== '';
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw MANDATORY_PARAM(name);
    return value;
  }

  int(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^-?[0-9]{1,19}$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw ILLEGAL_CHARS(name, '^[0-9]{1,20}$');
    }
    return Number(value);
  }

  requiredInt(name: string): number {
    const value = this.int(name);
    if (value === undefined) throw MANDATORY_PARAM(name);
    return value;
  }

  /** A time parameter in milliseconds, sent in milliseconds or microseconds. */
  timeMs(name: string): number | undefined {
    const value = this.int(name);
    if (value === undefined || value < MICROSECONDS_FROM) return value;
    return Math.floor(value / 1000);
  }

  requiredTimeMs(name: string): number {
    const value = this.timeMs(name);
    if (value === undefined) throw MANDATORY_PARAM(name);
    return value;
  }

  decimal(name: string): Fixed | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const parsed = parseDecimal(value);
    if (parsed.kind === 'illegal') throw ILLEGAL_CHARS(name, DECIMAL_RANGE);
    if (parsed.kind === 'precision') throw TOO_MUCH_PRECISION(name);
    return parsed.value;
  }

  /** `symbols=["BTCUSDT","ETHUSDT"]` (a JSON array, as Binance and ccxt send it). */
  symbolList(name: string): string[] | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw ILLEGAL_CHARS(name, '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$');
    }
    if (!Array.isArray(parsed) || !parsed.every((s): s is string => typeof s === 'string')) {
      throw INVALID_SYMBOL();
    }
    return parsed;
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  /**
   * Binance refuses what an endpoint does not read (errors.md -1104) and a name sent twice
   * (-1101 "Duplicate values for a parameter detected.").
   */
  checkStrict(accepted: readonly string[]): void {
    if (this.duplicate !== undefined) throw DUPLICATE_PARAM();
    const sent = this.names();
    const read = sent.filter((name) => accepted.includes(name)).length;
    if (read < sent.length) throw UNREAD_PARAMS(read, sent.length);
  }
}
