/**
 * Amounts as integers of 1e-8 (bigint): Binance reports every balance, price and quantity with
 * eight decimals, and filters (stepSize, tickSize) must divide exactly, which floats cannot do.
 */
export type Fixed = bigint;

export const DECIMALS = 8;
export const ONE: Fixed = 100_000_000n;

// Binance's legal range for decimal parameters: '^([0-9]{1,20})(\.[0-9]{1,20})?$'.
const DECIMAL = /^([0-9]{1,20})(\.([0-9]{1,20}))?$/;

export type ParsedDecimal =
  | { kind: 'ok'; value: Fixed }
  | { kind: 'illegal' }
  /** more non-zero decimals than the eight an asset has (Binance -1111) */
  | { kind: 'precision' };

export function parseDecimal(text: string): ParsedDecimal {
  const match = DECIMAL.exec(text);
  if (!match) return { kind: 'illegal' };
  const fraction = match[3] ?? '';
  if (/[1-9]/.test(fraction.slice(DECIMALS))) return { kind: 'precision' };
  const digits = match[1] + fraction.slice(0, DECIMALS).padEnd(DECIMALS, '0');
  return { kind: 'ok', value: BigInt(digits) };
}

/** For trusted configuration values ("0.00001"); throws on anything else. */
export function fixed(text: string): Fixed {
  const parsed = parseDecimal(text);
  if (parsed.kind !== 'ok') throw new Error(`not a decimal with at most 8 places: ${text}`);
  return parsed.value;
}

/** Binance's rendering: always eight decimals ("0.00100000"). */
export function format(value: Fixed): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(DECIMALS + 1, '0');
  const text = `${digits.slice(0, -DECIMALS)}.${digits.slice(-DECIMALS)}`;
  return negative ? `-${text}` : text;
}

export function toNumber(value: Fixed): number {
  return Number(value) / Number(ONE);
}

/** The nearest multiple of `step` to a float (prices from the random walk). */
export function fromNumberToStep(value: number, step: Fixed): Fixed {
  const steps = Math.round((value * Number(ONE)) / Number(step));
  return BigInt(Math.max(steps, 0)) * step;
}

/** a * b, truncated to eight decimals. */
export function mul(a: Fixed, b: Fixed): Fixed {
  return (a * b) / ONE;
}

/** a * b, rounded up: what a resting buy must lock so that no rounding can overdraw it. */
export function mulCeil(a: Fixed, b: Fixed): Fixed {
  const product = a * b;
  return product % ONE === 0n ? product / ONE : product / ONE + 1n;
}

/** a / b, truncated to eight decimals. */
export function div(a: Fixed, b: Fixed): Fixed {
  return (a * ONE) / b;
}

export function floorToStep(value: Fixed, step: Fixed): Fixed {
  if (step <= 0n) return value;
  return value - (value % step);
}

export function min(a: Fixed, b: Fixed): Fixed {
  return a < b ? a : b;
}

export function max(a: Fixed, b: Fixed): Fixed {
  return a > b ? a : b;
}
