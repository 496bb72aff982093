import { z } from 'zod';
import { MAX_CANDLES } from './candle-history';

// Building blocks for the params schemas, so every strategy words its errors the same way.
// Messages are shown to users next to the field, so they name no field themselves.

/** A finite number; NaN and ±Infinity are rejected with their own message. */
export const finiteNumber = () =>
  z.number({
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : typeof issue.input === 'number'
          ? 'must be a finite number'
          : 'must be a number',
  });

export const positiveNumber = () => finiteNumber().positive('must be a positive number');

/** A whole number in [min, max]. */
export const wholeNumber = (min: number, max: number) =>
  finiteNumber()
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

// The indicators here need one candle more than their period (a change, or the value before).
const MAX_PERIOD = MAX_CANDLES - 1;

/** An indicator period: how many candles it looks at. */
export const period = (fallback: number) =>
  finiteNumber()
    .int('must be a whole number')
    .min(1, 'must be a positive whole number')
    .max(
      MAX_PERIOD,
      `must be at most ${MAX_PERIOD}: market data keeps at most ${MAX_CANDLES} candles`,
    )
    .default(fallback);

/** A percentage strictly between 0 and 100. */
export const percentBelow100 = () =>
  finiteNumber()
    .gt(0, 'must be greater than 0 and less than 100')
    .lt(100, 'must be greater than 0 and less than 100');

/** A gain in percent: above 0, at most 1000 (a tenfold price). */
export const gainPercent = () =>
  finiteNumber()
    .gt(0, 'must be greater than 0 and at most 1000')
    .lte(1000, 'must be greater than 0 and at most 1000');

/** A strict object whose own type error reads well too (e.g. params: null). */
export const strictObject = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.object(shape, { error: 'must be an object' }).strict();
