import type { z } from 'zod';
import type { FieldError } from '../http/error-body';

/** Where a value came from; names the field when the problem is the whole part. */
export type InputLocation = 'body' | 'query' | 'params';

/**
 * Zod issues as `{ field, message }`, one per field. An unknown key is reported on the key
 * itself, so a client sees which field to remove. Messages never quote the input (it may be a
 * password or an API secret).
 */
export function toFieldErrors(error: z.ZodError, location: InputLocation): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        field: [...path, key].join('.'),
        message: 'unknown field',
      }));
    return [{ field: path.length > 0 ? path.join('.') : location, message: issue.message }];
  });
}
