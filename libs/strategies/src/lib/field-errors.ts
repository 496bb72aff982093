import type { z } from 'zod';

export interface FieldError {
  /** Dotted path from the bot's settings, e.g. `params.slowPeriod`, `params.risk.stakeQuote`. */
  field: string;
  message: string;
}

/**
 * Zod issues as one error per field, under `prefix`: the first issue of a field wins (checks
 * run in order of importance: type, then range, then relations between fields), so a user
 * reads "must be a whole number" rather than that and a range complaint about the same value.
 * Each unknown key becomes an error on its own path.
 */
export function toFieldErrors(error: z.ZodError, prefix: string): FieldError[] {
  const errors = new Map<string, string>();
  const add = (path: readonly PropertyKey[], message: string) => {
    const field = [prefix, ...path.map(String)].join('.');
    if (!errors.has(field)) errors.set(field, message);
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys')
      for (const key of issue.keys) add([...issue.path, key], 'is not a known parameter');
    else add(issue.path, issue.message);
  }
  return [...errors].map(([field, message]) => ({ field, message }));
}
