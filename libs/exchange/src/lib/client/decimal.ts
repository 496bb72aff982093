import DecimalJs from 'decimal.js';

/**
 * Exact decimal arithmetic for money and amounts (never floats). A private clone, so no other
 * user of decimal.js is affected by our precision setting.
 */
export const Dec = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_UP });
export type Dec = DecimalJs;
type Value = DecimalJs.Value;

/** Plain decimal text (no exponent), as Postgres `numeric` and exchanges expect it. */
export const decText = (value: Value): string => new Dec(value).toFixed();

/** True when `value` is a whole multiple of `step` (a null step allows anything). */
export function isMultipleOf(value: Value, step: Value | null): boolean {
  if (step === null) return true;
  return new Dec(value).mod(step).isZero();
}

/** Rounds down to a multiple of `step`: amounts never grow past what was asked or held. */
export function floorToStep(value: Value, step: Value | null): Dec {
  const v = new Dec(value);
  if (step === null) return v;
  return v.div(step).floor().mul(step);
}

/** Rounds up to a multiple of `step`. */
export function ceilToStep(value: Value, step: Value | null): Dec {
  const v = new Dec(value);
  if (step === null) return v;
  return v.div(step).ceil().mul(step);
}
