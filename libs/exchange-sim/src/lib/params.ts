import { ILLEGAL_CHARS, INVALID_SYMBOL, MANDATORY_PARAM, TOO_MUCH_PRECISION } from './errors';
import { type Fixed, parseDecimal } from './fixed';

const DECIMAL_RANGE = '^([0-9]{1,20})(\\.[0-9]{1,20})?$';

/** Request parameters (query string and form body together, as Binance reads them). */
export class Params {
  constructor(private readonly values: ReadonlyMap<string, string>) {}

  static parse(...encoded: string[]): Params {
    const values = new Map<string, string>();
    for (const text of encoded) {
      for (const [name, value] of new URLSearchParams(text)) values.set(name, value);
    }
    return new Params(values);
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
}
