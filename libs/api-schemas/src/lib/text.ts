import { z } from 'zod';

// Unicode's Cc: the C0 controls (NUL to US, so tab and line breaks too), DEL and the C1
// controls. Postgres cannot store a NUL in text at all (the insert fails); the others have no
// place in a one-line name, label or email and hide from the people who read it (terminal
// escapes, invisible breaks).
const CONTROL_CHARACTER = /\p{Cc}/u;

export const NO_CONTROL_CHARACTERS =
  'must not contain control characters (such as NUL, tab, line breaks or escapes)';

export const hasControlCharacters = (value: string) => CONTROL_CHARACTER.test(value);

export interface TextRule {
  /** Fewest characters after trimming; 0 leaves emptiness to a later check. Default 1. */
  min?: number;
  max: number;
}

/**
 * A one-line text field that people type and the API stores or looks up (a name, a label, an
 * email): surrounding whitespace trimmed, then no control characters, then min..max
 * characters. Every such field of every schema is built on this, so one rule decides which
 * characters reach Postgres (and the dashboard's forms refuse the same). Callers chain their
 * own checks (email, lower-casing) after it.
 */
export function text({ min = 1, max }: TextRule) {
  const checked = z
    .string()
    .trim()
    // abort: a value with a NUL gets this one message, not range complaints too
    .refine((value) => !hasControlCharacters(value), {
      message: NO_CONTROL_CHARACTERS,
      abort: true,
    });
  const atLeast =
    min > 0
      ? checked.min(min, min === 1 ? 'is required' : `must have at least ${min} characters`)
      : checked;
  return atLeast.max(max, `must have at most ${max} characters`);
}
